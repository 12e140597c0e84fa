package io.nestlab.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * An amount of US dollars, exact. Sums are exact; {@link #toString()} rounds to cents for people;
 * {@link #usd()} keeps full precision for machines.
 */
public record Money(BigDecimal usd) implements Comparable<Money> {
  public static final Money ZERO = new Money(BigDecimal.ZERO);

  /** Scale kept for every amount: enough for per-second rates of cheap resources. */
  public static final int SCALE = 10;

  public Money {
    Objects.requireNonNull(usd, "usd");
    usd = usd.setScale(SCALE, RoundingMode.HALF_EVEN);
  }

  public static Money usd(String amount) {
    return new Money(new BigDecimal(amount));
  }

  public static Money usd(BigDecimal amount) {
    return new Money(amount);
  }

  public Money plus(Money other) {
    return new Money(usd.add(other.usd));
  }

  public Money minus(Money other) {
    return new Money(usd.subtract(other.usd));
  }

  public Money times(BigDecimal factor) {
    return new Money(usd.multiply(factor));
  }

  public Money times(long factor) {
    return new Money(usd.multiply(BigDecimal.valueOf(factor)));
  }

  public Money dividedBy(BigDecimal divisor) {
    return new Money(usd.divide(divisor, SCALE, RoundingMode.HALF_EVEN));
  }

  public boolean isNegative() {
    return usd.signum() < 0;
  }

  /** Rounded to {@code places} decimals, half-up, as a plain number without exponent. */
  public BigDecimal rounded(int places) {
    return usd.setScale(places, RoundingMode.HALF_UP);
  }

  @Override
  public int compareTo(Money o) {
    return usd.compareTo(o.usd);
  }

  /** For people: {@code $1.23}; amounts under a dollar keep four decimals ({@code $0.0050}). */
  @Override
  public String toString() {
    BigDecimal abs = usd.abs();
    int places = abs.compareTo(BigDecimal.ONE) < 0 && abs.signum() != 0 ? 4 : 2;
    return (usd.signum() < 0 ? "-$" : "$")
        + abs.setScale(places, RoundingMode.HALF_UP).toPlainString();
  }
}
