package io.nestlab.samples.build.shapes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.IntBinaryOperator;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Every kind of lambda and method reference the desugaring meets, each printing what it did: {@code
 * LambdaDesugarTest} runs this class as compiled and as rewritten and compares.
 */
public class LambdaShapes {
  private final String name;
  private int counter;

  public LambdaShapes(String name) {
    this.name = name;
  }

  /** A custom functional interface with a primitive, a generic and a default method. */
  public interface Mixer<T> {
    long mix(T value, int times, double factor);

    default String describe() {
      return "mixer";
    }
  }

  private String greet(String who) {
    return name + " greets " + who;
  }

  static String shout(Object o) {
    return String.valueOf(o).toUpperCase(java.util.Locale.ROOT);
  }

  public static List<String> run() {
    List<String> out = new ArrayList<>();
    LambdaShapes s = new LambdaShapes("shape");
    // non-capturing, static target, boxing of the result
    Function<String, Integer> length = String::length;
    out.add("length " + length.apply("four"));
    // capturing locals of every kind
    long big = 1L << 40;
    double half = 0.5;
    char c = 'x';
    boolean flag = true;
    Supplier<String> all = () -> big + "/" + half + "/" + c + "/" + flag;
    out.add("captured " + all.get());
    // instance lambda using this and a private method and a field
    out.add(s.instanceLambdas());
    // unboxing and widening: Integer -> int -> long
    ToIntFunction<Integer> unbox = Integer::intValue;
    LongSupplier widened = () -> unbox.applyAsInt(41) + 1;
    out.add("widened " + widened.getAsLong());
    IntBinaryOperator max = Math::max;
    DoubleUnaryOperator sqrt = Math::sqrt;
    out.add("max " + max.applyAsInt(3, 9) + " sqrt " + sqrt.applyAsDouble(16));
    // constructor references, array constructor, generic ones
    Supplier<ArrayList<String>> newList = ArrayList::new;
    Function<String, BigDecimal> decimal = BigDecimal::new;
    java.util.function.IntFunction<String[]> array = String[]::new;
    out.add(
        "ctor " + newList.get().size() + " " + decimal.apply("1.50") + " " + array.apply(3).length);
    // interface method, virtual method on a captured receiver, bound receiver
    Predicate<List<String>> empty = List::isEmpty;
    String prefix = "pre";
    Predicate<String> starts = prefix::startsWith;
    out.add("iface " + empty.test(List.of()) + " bound " + starts.test("pr"));
    // a custom interface with primitive parameters and a default method
    Mixer<String> mixer = (v, times, factor) -> (long) (v.length() * times * factor);
    out.add("mix " + mixer.mix("abcd", 3, 2.5) + " " + mixer.describe());
    // streams, comparators, collectors, Optional
    Map<Boolean, List<Integer>> parts =
        IntStream.rangeClosed(1, 8).boxed().collect(Collectors.partitioningBy(i -> i % 2 == 0));
    out.add("parts " + parts);
    List<String> words = new ArrayList<>(List.of("pear", "fig", "apple", "kiwi"));
    words.sort(Comparator.comparing(String::length).thenComparing(Comparator.reverseOrder()));
    out.add("sorted " + words);
    out.add(
        "optional "
            + Optional.of("v").map(LambdaShapes::shout).filter(v -> !v.isEmpty()).orElse("none"));
    BiFunction<Integer, Integer, Integer> add = Integer::sum;
    out.add("sum " + add.apply(2, 3));
    Map<String, Integer> counts = new TreeMap<>();
    for (String w : List.of("a", "b", "a")) {
      counts.merge(w, 1, Integer::sum);
    }
    out.add("merge " + counts);
    Runnable r = () -> out.add("runnable");
    r.run();
    // the same lambda twice: a non-capturing one is one instance
    out.add("same " + (same() == same()));
    return out;
  }

  private static Runnable same() {
    return () -> {};
  }

  private String instanceLambdas() {
    Function<String, String> greet = this::greet;
    Supplier<Integer> next = () -> ++counter;
    next.get();
    Function<String, String> both = w -> greet(w) + " #" + next.get() + " of " + name;
    return greet.apply("you") + "; " + both.apply("them");
  }
}
