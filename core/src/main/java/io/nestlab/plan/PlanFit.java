package io.nestlab.plan;

/** What fits where: null when the shape cannot carry the lab. */
record PlanFit(boolean local, Headroom headroom) {
  static PlanFit of(int vcpus, double memGib, int localGib, Requirements req) {
    double usable = ResourceModel.usableMemoryGib(memGib);
    if (vcpus < req.largestVmVcpus()
        || vcpus + Planner.EPS < req.l1Vcpus()
        || usable + Planner.EPS < req.l1MemoryGib()) {
      return null;
    }
    boolean local = localGib >= req.dataDiskGib();
    if (!local && req.dataDiskGib() > ResourceModel.MAX_DATA_DISK_GIB) {
      return null;
    }
    double disk = (local ? localGib : req.dataDiskGib()) - req.diskEstimateGib();
    return new PlanFit(
        local,
        new Headroom(
            Planner.round2(vcpus - req.l1Vcpus()),
            Planner.round2(usable - req.l1MemoryGib()),
            Planner.round2(disk)));
  }
}
