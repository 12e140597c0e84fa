"""Writes JSON Schemas (draft-06, the subset SchemaValidator reads) of Compute Engine v1 message
classes from gcloud's generated compute_v1_messages.py, one file per message, so that the Compute
test server checks request bodies field by field against what gcloud itself knows; any field not
in the message class is a violation (additionalProperties: false).

usage: python3 generate.py SDK_ROOT OUT_DIR ROOT_MESSAGE...
  SDK_ROOT  gcloud info --format='value(installation.sdk_root)'
Run it with gcloud's own Python (gcloud info --format='value(basic.python_location)').

Naming: a top-level message is NAME.json; a nested one (Snapshot.LabelsValue) keeps its dotted
path, since gcloud nests classes of the same name in many messages. Map messages (apitools'
additionalProperties of key/value pairs) become the validator's map form. Deterministic: keys
sorted, no timestamps, so a regeneration from the same gcloud gives the same bytes.
"""

import json
import os
import sys


def load(sdk_root):
    lib = os.path.join(sdk_root, "lib")
    sys.path[:0] = [lib, os.path.join(lib, "third_party")]
    from googlecloudsdk.generated_clients.apis.compute.v1 import compute_v1_messages
    from apitools.base.protorpclite import messages
    return compute_v1_messages, messages


def qualified(cls, module):
    # apitools names a class within its package: "compute.Snapshot.LabelsValue".
    name = cls.definition_name()
    prefix = module.package + "."
    return name[len(prefix):] if name.startswith(prefix) else name


def fields_of(cls):
    return sorted(cls.all_fields(), key=lambda f: f.number)


def is_map(cls):
    fields = fields_of(cls)
    if len(fields) != 1 or fields[0].name != "additionalProperties":
        return False
    f = fields[0]
    return f.repeated and hasattr(f, "message_type") and \
        sorted(x.name for x in fields_of(f.message_type)) == ["key", "value"]


def field_schema(field, messages, module, queue):
    if isinstance(field, messages.MessageField):
        target = field.message_type
        queue.append(target)
        schema = {"$ref": qualified(target, module) + ".json"}
    elif isinstance(field, messages.EnumField):
        schema = {"type": "string", "enum": sorted(field.type.names())}
    elif isinstance(field, messages.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, messages.IntegerField):
        schema = {"type": "integer"}
    elif isinstance(field, messages.FloatField):
        schema = {"type": "number"}
    elif isinstance(field, (messages.StringField, messages.BytesField)):
        schema = {"type": "string"}
    else:
        raise SystemExit("no schema for field %s of type %s" % (field.name, type(field).__name__))
    if field.repeated:
        return {"type": "array", "items": schema}
    return schema


def message_schema(cls, messages, module, queue):
    name = qualified(cls, module)
    out = {
        "$schema": "http://json-schema.org/draft-06/schema#",
        "title": "compute v1 %s, from gcloud's compute_v1_messages.py" % name,
        "type": "object",
    }
    if is_map(cls):
        pair = fields_of(cls)[0].message_type
        value = [f for f in fields_of(pair) if f.name == "value"][0]
        out["properties"] = {}
        out["additionalProperties"] = {
            "key": {"type": "string"},
            "value": field_schema(value, messages, module, queue),
        }
        return name, out
    out["additionalProperties"] = False
    out["properties"] = {
        f.name: field_schema(f, messages, module, queue) for f in fields_of(cls)
    }
    return name, out


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    sdk_root, out_dir, roots = argv[1], argv[2], argv[3:]
    module, messages = load(sdk_root)
    queue = [getattr(module, r) for r in roots]
    done = {}
    while queue:
        cls = queue.pop()
        name = qualified(cls, module)
        if name in done:
            continue
        done[name] = message_schema(cls, messages, module, queue)[1]
    os.makedirs(out_dir, exist_ok=True)
    for name, schema in sorted(done.items()):
        with open(os.path.join(out_dir, name + ".json"), "w") as f:
            json.dump(schema, f, indent=2, sort_keys=True)
            f.write("\n")
    print("%d schemas from %s" % (len(done), module.__file__))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
