"""validate.py SCHEMA FILE: checks FILE (JSON) against a JSON Schema (draft 2020-12) with Debian's
python3-jsonschema; prints each problem and exits 1, or prints nothing and exits 0."""
import json
import sys

import jsonschema

with open(sys.argv[1], encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
with open(sys.argv[2], encoding="utf-8") as f:
    document = json.load(f)
errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
for e in errors:
    print("/".join(str(p) for p in e.path) + ": " + e.message)
sys.exit(1 if errors else 0)
