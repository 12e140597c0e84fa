package io.nestlab.plan;

import io.nestlab.cost.Money;

/** One line of an hourly cost breakdown, for example "instance c8i.4xlarge". */
public record CostLine(String item, Money hourly) {}
