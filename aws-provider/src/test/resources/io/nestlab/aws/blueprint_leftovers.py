"""Lists, with boto3 as a user would, what is left in EC2 carrying one of the given
nestlab-lab tag values, in the given regions: instances (not terminated), volumes, snapshots
(owned by us), images (owned by us). Also names any of our snapshots that anyone else may
create volumes from (public or shared). Prints one JSON document:
{"left": ["snap-...", ...], "shared": ["snap-...", ...]}.

usage: blueprint_leftovers.py ENDPOINT REGION[,REGION...] LAB [LAB...]
"""
import json
import sys

import boto3


def main(endpoint, regions, labs):
    left, shared = [], []
    for region in regions.split(","):
        ec2 = boto3.client(
            "ec2",
            endpoint_url=endpoint,
            region_name=region,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        by_lab = [{"Name": "tag:nestlab-lab", "Values": labs}]
        for r in ec2.describe_instances(Filters=by_lab)["Reservations"]:
            for i in r["Instances"]:
                if i["State"]["Name"] != "terminated":
                    left.append(i["InstanceId"])
        for v in ec2.describe_volumes(Filters=by_lab)["Volumes"]:
            left.append(v["VolumeId"])
        for i in ec2.describe_images(Owners=["self"], Filters=by_lab)["Images"]:
            left.append(i["ImageId"])
        for s in ec2.describe_snapshots(OwnerIds=["self"])["Snapshots"]:
            tags = {t["Key"]: t["Value"] for t in s.get("Tags", [])}
            if tags.get("nestlab-lab") not in labs:
                continue
            left.append(s["SnapshotId"])
            perms = ec2.describe_snapshot_attribute(
                SnapshotId=s["SnapshotId"], Attribute="createVolumePermission"
            )["CreateVolumePermissions"]
            if perms:
                shared.append(s["SnapshotId"])
    json.dump({"left": sorted(left), "shared": sorted(shared)}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
