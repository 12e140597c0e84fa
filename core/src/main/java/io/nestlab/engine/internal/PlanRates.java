package io.nestlab.engine.internal;

import io.nestlab.cost.CostRates;
import io.nestlab.cost.Money;
import io.nestlab.plan.CostLine;
import io.nestlab.plan.PlanOption;
import java.util.Locale;

/**
 * Splits a plan option's hourly breakdown into the rates the cost meter bills differently: lines
 * naming a disk, volume or storage are disks (billed while stopped too), lines naming an IP or
 * address are the public IP, everything else is the instance (billed while running).
 */
public final class PlanRates {
  private PlanRates() {}

  public static CostRates of(PlanOption option) {
    if (option.breakdown().isEmpty()) {
      return new CostRates(option.hourly(), Money.ZERO, Money.ZERO);
    }
    Money instance = Money.ZERO;
    Money disk = Money.ZERO;
    Money ip = Money.ZERO;
    for (CostLine line : option.breakdown()) {
      String item = line.item().toLowerCase(Locale.ROOT);
      if (item.matches(".*\\b(disk|disks|volume|volumes|storage|gp3|pd-[a-z]+)\\b.*")) {
        disk = disk.plus(line.hourly());
      } else if (item.matches(".*\\b(ip|ipv4|ips|address|addresses)\\b.*")) {
        ip = ip.plus(line.hourly());
      } else {
        instance = instance.plus(line.hourly());
      }
    }
    return new CostRates(instance, disk, ip);
  }
}
