package io.nestlab.spec;

/** The versions an upgrade rehearsal goes to; a null field means that part is not upgraded. */
public record UpgradeSpec(String esxiVersion, String vcenterVersion) {}
