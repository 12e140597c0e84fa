"""vCLS on nested ESXi: the one place NestLab's host programs turn a cluster's vCLS off.

vCLS agent VMs need MWAIT, which KVM does not pass through to the nested hosts, and from 8.0U3
they are embedded (no VM file to edit), so they cannot run: NestLab puts the cluster's vCLS in
retreat mode, vCenter's advanced setting config.vcls.clusters.<cluster moid>.enabled = false.
Used by nestlab-configure.py (building the lab) and nestlab-rehearsal (before an upgrade, whose
maintenance modes vCLS would hold). Installed beside nestlab-configure.py in /opt/nestlab/bin.
"""

from pyVmomi import vim


def key(cluster):
    """The advanced setting that switches the cluster's vCLS."""
    return "config.vcls.clusters.%s.enabled" % cluster._moId


def in_retreat(content, cluster):
    """Whether the cluster's vCLS is already in retreat mode."""
    try:
        values = [o.value for o in content.setting.QueryOptions(name=key(cluster))]
    except vim.fault.InvalidName:  # never set: vCLS runs as vCenter's default
        return False
    return bool(values) and str(values[0]).lower() == "false"


def retreat(content, cluster):
    """Puts the cluster's vCLS in retreat mode; returns False when it already was."""
    if in_retreat(content, cluster):
        return False
    content.setting.UpdateOptions(changedValue=[vim.option.OptionValue(key=key(cluster),
                                                                       value="false")])
    return True
