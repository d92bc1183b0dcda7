"""Answer three research questions with SPARQL over the example graph.

    python examples/02_sparql_questions.py OUT_DIR [--state Kenya] [--store DIR]

1. Who accuses whom most often?              (bundled query accusation-matrix)
2. Which organisations did a state engage?   (bundled query organisations-engaged)
3. Who speaks most, and how?                 (inline SPARQL: claims per actor and type)

Answers are printed and written to OUT_DIR/answers.json. The store is OUT_DIR/store
(built from examples/articles/ if missing, as 01_build_graph.py does).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from _example_store import open_graph

# Claims per actor (a person counts for the state or organisation it represents),
# split by claim type. Inline queries may use the dg:, dgr:, dgct:, skos: prefixes
# without declaring them.
CLAIMS_PER_ACTOR = """
SELECT ?actor (MIN(STR(?name)) AS ?label) (COUNT(DISTINCT ?claim) AS ?claims)
       (GROUP_CONCAT(DISTINCT ?type; separator=", ") AS ?types)
WHERE {
  ?claim dg:claimant ?speaker ; dg:claimType ?concept .
  OPTIONAL { ?speaker dg:represents ?represented }
  BIND(COALESCE(?represented, ?speaker) AS ?actor)
  BIND(STRAFTER(STR(?concept), "/claim-type/") AS ?type)
  OPTIONAL { ?actor skos:prefLabel ?name }
}
GROUP BY ?actor
ORDER BY DESC(?claims) ?label
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for the store and the outputs")
    parser.add_argument("--state", default="Kenya", help="the state of question 2")
    parser.add_argument("--store", type=Path, help="store directory (default OUT/store)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    answers: dict[str, list[dict[str, object]]] = {}
    with open_graph(args.out, args.store) as kg:
        print("1. Who accuses whom most often?")
        matrix = kg.query("accusation-matrix")
        for row in matrix.rows[:5]:
            print(f"   {row['accuserLabel']} -> {row['accusedLabel']}: {row['accusations']}")
        answers["who accuses whom"] = matrix.rows

        print(f"2. Which organisations did {args.state} engage with?")
        engaged = kg.query("organisations-engaged", state=args.state)
        for row in engaged:
            print(
                f"   {row['organisationLabel']}: {row['meetings']} meeting(s), "
                f"{row['claims']} claim(s) addressed to it"
            )
        answers[f"organisations {args.state} engaged"] = engaged.rows

        print("3. Who speaks most, and how?")
        speakers = kg.query(CLAIMS_PER_ACTOR)
        for row in speakers.rows[:5]:
            print(f"   {row['label']}: {row['claims']} claims ({row['types']})")
        answers["claims per actor"] = speakers.rows

    path = args.out / "answers.json"
    path.write_text(json.dumps(answers, indent=2, default=str), encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
