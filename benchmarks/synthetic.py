"""A synthetic vendor spec with N operations, for the scaling suite.

Every operation has a request body of eleven fields of mixed types: bounded strings, a pattern, email and
date formats, a bounded integer, a number, a boolean, a nullable enum, a nested object with its own
required field and enum, an array with item, size and uniqueness limits, a nullable note; and a cross-field
rule; a documented example; a 200 response with a small body and a 4XX error envelope, so every output
kind (validators, TypedDicts, pydantic models, JSON Schemas) grows with N. Names and enum values vary per
operation, so nothing is shared between operations by accident.
"""

from __future__ import annotations

HEADER = """\
spec_version: 1
vendor:
  id: synthetic
  name: Synthetic
  description: A generated vendor for the atsgen scaling benchmark.
  environments:
    production:
      url: https://api.synthetic.example/v1
sources:
  synthetic-doc:
    title: Synthetic API reference
    file: synthetic.txt
    url: https://api.synthetic.example/docs
auth:
  bearer:
    type: bearer
    env:
      token: SYNTHETIC_API_TOKEN
error_envelopes:
  standard:
    body:
      type: object
      fields:
        error:
          type: string
          required: true
        code:
          type: string
    message: /error
    code: /code
operations:
"""

OPERATION = """\
  op_{i:04d}:
    summary: Update resource {i}
    source: synthetic-doc
    method: PATCH
    path: /resources/r{i:04d}
    request:
      body:
        fields:
          name_{i}:
            type: string
            required: true
            min_length: 1
            max_length: 120
          code:
            type: string
            pattern: "^[A-Z]{{3}}-[0-9]{{4}}$"
          email:
            type: string
            format: email
          count:
            type: integer
            minimum: 0
            maximum: {max_count}
          score:
            type: number
            minimum: 0
            maximum: 100
          active:
            type: boolean
          stage:
            type: string
            nullable: true
            enum: [new, screening, interview, offer, hired, stage_{i}]
          starts_on:
            type: string
            format: date
          address:
            type: object
            fields:
              city:
                type: string
                required: true
              postal_code:
                type: string
                max_length: 10
              country:
                type: string
                enum: [US, GB, DE, FR, IN, C{i}]
          tags:
            type: array
            max_items: 20
            unique_items: true
            items:
              type: string
              max_length: 40
          note:
            type: string
            nullable: true
        rules:
          - rule: at_least_one_of
            fields: [email, note]
        example:
          name_{i}: Resource {i}
          code: ABC-{i:04d}
          email: owner{i}@example.com
          stage: new
    responses:
      "200":
        description: The updated resource.
        body:
          type: object
          fields:
            id:
              type: string
              format: uuid
            name_{i}:
              type: string
            stage:
              type: string
              enum: [new, screening, interview, offer, hired, stage_{i}]
      4XX:
        description: The request was refused.
        envelope: standard
"""


def spec(operations: int) -> str:
    return HEADER + "".join(
        OPERATION.format(i=i, max_count=1000 + i) for i in range(1, operations + 1)
    )
