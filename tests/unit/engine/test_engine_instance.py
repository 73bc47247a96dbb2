"""Reading a JSON instance: defaults, fail-closed booleans, and errors naming the JSON path."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from engine_factories import member, request

from matcher.engine.codes import DEFAULT_WEIGHTS
from matcher.engine.instance import InstanceError, load_instance, parse_instance

ISSUE_EXAMPLE = {
    "seed": 1,
    "policy": {
        "weights": {
            "coverage": 1,
            "learning": 1,
            "fairness": 1,
            "cohesion": 0.5,
            "passion": 0.3,
            "proximity": 0.5,
        },
        "fairness": "equal_hours",
        "honorability_required": False,
    },
    "members": [
        {
            "id": "m01",
            "birth_date": "2009-05-14",
            "contract_valid": True,
            "parental_authorisation": True,
            "skills": {"cuisine": 3, "hygiene-alimentaire": 2},
            "wishes": ["patisserie"],
            "wish_priority": {},
            "availability": [{"day": "sat", "start": "08:00", "end": "18:00"}],
            "unavailable": [{"date": "2026-12-19"}],
            "booked": [{"date": "2026-12-12", "start": "14:00", "end": "16:00"}],
            "max_hours_week": 20,
            "paid_hours_recent": 12.0,
            "zone": "alma",
            "max_travel_minutes": 30,
            "passions": ["cuisine du monde"],
            "accommodations": ["no_heavy_lifting"],
            "mentees_active": 0,
            "mentor_capacity": 2,
            "honorability_valid": False,
        }
    ],
    "collaborations": [["m01", "m02", 3]],
    "related_skills": [["patisserie", "cuisine", 0.6]],
    "travel_minutes": {"alma": {"epeule": 15}},
    "public_holidays": ["2026-12-25"],
    "carrier_licences": [],
    "request": {
        "id": "r02",
        "zone": "epeule",
        "passions": ["fête de quartier"],
        "sessions": [{"date": "2026-12-12", "start": "09:00", "end": "15:00"}],
        "skills": [
            {"skill": "cuisine", "min_level": 3, "count": 1, "hazards": []},
            {"skill": "service-en-salle", "min_level": 1, "optional": True},
        ],
        "team_size": [3, 4],
        "learning_slots": 1,
        "hazards": [],
        "licence_required": None,
        "private_home": False,
    },
    "top": 3,
}


def errors_of(data) -> list[str]:
    with pytest.raises(InstanceError) as caught:
        parse_instance(data)
    return [f"{path} : {reason}" for path, reason in caught.value.errors]


def test_the_issue_example_parses_with_every_field():
    inst = parse_instance(copy.deepcopy(ISSUE_EXAMPLE))
    m = inst.member("m01")
    assert m.birth_date == date(2009, 5, 14)
    assert m.skills == {"cuisine": 3, "hygiene-alimentaire": 2}
    assert m.availability[0].day == "sat" and m.availability[0].start == 480
    assert m.unavailable[0].whole_day
    assert m.booked[0].end == 16 * 60
    assert m.max_hours_week == 20 and m.mentor_capacity == 2
    assert m.accommodations == ("no_heavy_lifting",)
    req = inst.request
    assert req.team_size == (3, 4) and req.learning_slots == 1
    assert req.skills[1].optional and req.skills[1].count == 1
    assert inst.together("m02", "m01") == 3
    assert inst.relatedness("cuisine", "patisserie") == 0.6
    assert inst.travel("epeule", "alma") == 15  # either direction
    assert inst.travel("alma", "alma") == 0
    assert inst.travel("alma", "nowhere") is None
    assert inst.public_holidays == {date(2026, 12, 25)}
    assert inst.top == 3 and inst.seed == 1
    assert inst.policy.weights["passion"] == 0.3


def test_defaults_and_fail_closed_booleans():
    inst = parse_instance(
        {
            "members": [
                {"id": "m01", "birth_date": "2009-05-14", "skills": {}, "availability": []}
            ],
            "unknown_key": {"anything": 1},
        }
    )
    m = inst.member("m01")
    assert (m.contract_valid, m.parental_authorisation, m.honorability_valid) == (
        False,
        False,
        False,
    )
    assert m.max_hours_week == 35
    assert m.paid_hours_recent == 0 and m.wishes == () and m.booked == ()
    assert inst.request is None and inst.wish is None
    assert inst.policy.weights == DEFAULT_WEIGHTS and inst.policy.fairness == "equal_hours"
    assert inst.top == 3


def test_null_booleans_are_false_too():
    inst = parse_instance({"members": [member("m01", contract_valid=None)]})
    assert inst.member("m01").contract_valid is False


def test_skill_ids_are_opaque():
    inst = parse_instance({"members": [member("m01", skills={"pas-dans-la-taxonomie": 2})]})
    assert inst.member("m01").level("pas-dans-la-taxonomie") == 2
    assert inst.member("m01").level("cuisine") is None


def test_an_impossible_date_names_its_json_path():
    members = [member(f"m0{i}") for i in range(4)]
    members[3]["birth_date"] = "2009-02-31"
    assert errors_of({"members": members}) == [
        "members[3].birth_date : « 2009-02-31 » n'est pas une date"
    ]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["members"][0].pop("birth_date"),
            "members[0].birth_date : champ obligatoire manquant",
        ),
        (
            lambda d: d["members"][0].pop("availability"),
            "members[0].availability : champ obligatoire manquant",
        ),
        (
            lambda d: d["members"][0]["skills"].update(cuisine=5),
            "members[0].skills.cuisine : 5 n'est pas entre 0 et 4",
        ),
        (
            lambda d: d["members"][0].update(contract_valid="oui"),
            "members[0].contract_valid : doit valoir true ou false",
        ),
        (
            lambda d: d["members"][0]["availability"].append(
                {"day": "sam", "start": "08:00", "end": "10:00"}
            ),
            "members[0].availability[1].day : « sam » n'est pas un jour "
            "(mon, tue, wed, thu, fri, sat, sun)",
        ),
        (
            lambda d: d["members"][0]["booked"][0].update(start="8h"),
            "members[0].booked[0].start : « 8h » n'est pas une heure HH:MM",
        ),
        (
            lambda d: d["members"][0]["booked"][0].update(start="16:00"),
            "members[0].booked[0].end : la fin 16:00 n'est pas après le début 16:00 "
            "(un créneau ne traverse jamais minuit)",
        ),
        (
            lambda d: d["request"]["sessions"][0].update(start="22:00", end="02:00"),
            "request.sessions[0].end : la fin 02:00 n'est pas après le début 22:00 "
            "(un créneau ne traverse jamais minuit)",
        ),
        (
            lambda d: d["request"].update(team_size=[4, 3]),
            "request.team_size : le maximum 3 est plus petit que le minimum 4",
        ),
        (
            lambda d: d["request"]["skills"][0].update(count=0),
            "request.skills[0].count : 0 n'est pas ≥ 1",
        ),
        (
            lambda d: d["request"].update(sessions=[]),
            "request.sessions : il faut au moins une séance",
        ),
        (
            lambda d: d["request"]["sessions"].append(
                {"date": "2026-12-12", "start": "14:59", "end": "16:00"}
            ),
            "request.sessions[1] : chevauche la séance 0 (2026-12-12 09:00–15:00)",
        ),
        (
            lambda d: d["policy"]["weights"].update(fairnes=1),
            "policy.weights.fairnes : critère inconnu "
            "(coverage, learning, fairness, cohesion, passion, proximity)",
        ),
        (
            lambda d: d["policy"].update(fairness="equal_income"),
            "policy.fairness : « equal_income » : attendu equal_hours ou desired_hours",
        ),
        (
            lambda d: d["related_skills"][0].__setitem__(2, 1.5),
            "related_skills[0][2] : 1.5 n'est pas entre 0 et 1",
        ),
        (
            lambda d: d["travel_minutes"]["alma"].update(epeule="loin"),
            "travel_minutes.alma.epeule : doit être un nombre",
        ),
        (
            lambda d: d["members"].append(copy.deepcopy(d["members"][0])),
            "members[1].id : « m01 » est déjà l'identifiant d'un membre",
        ),
        (
            lambda d: d.update(wish={"member": "m99", "skill": "patisserie"}),
            "wish.member : « m99 » n'est pas un membre de l'instance",
        ),
        (lambda d: d.update(top=0), "top : 0 n'est pas ≥ 1"),
        (
            lambda d: d.update(public_holidays=["25/12/2026"]),
            "public_holidays[0] : « 25/12/2026 » n'est pas une date",
        ),
    ],
)
def test_each_error_names_its_json_path(mutate, expected):
    data = copy.deepcopy(ISSUE_EXAMPLE)
    mutate(data)
    assert errors_of(data) == [expected]


def test_all_errors_are_reported_at_once():
    data = copy.deepcopy(ISSUE_EXAMPLE)
    data["members"][0]["birth_date"] = "hier"
    data["request"]["team_size"] = "3"
    assert errors_of(data) == [
        "members[0].birth_date : « hier » n'est pas une date",
        "request.team_size : doit être une paire [min, max]",
    ]


def test_midnight_is_accepted_as_an_end_only():
    inst = parse_instance(
        {
            "members": [member("m01")],
            "request": request(sessions=[{"date": "2026-12-12", "start": "20:00", "end": "24:00"}]),
        }
    )
    assert inst.request.sessions[0].end == 1440
    data = {
        "members": [member("m01")],
        "request": request(sessions=[{"date": "2026-12-12", "start": "24:00", "end": "24:00"}]),
    }
    assert errors_of(data)[0].startswith("request.sessions[0].end : la fin 24:00")


def test_a_non_object_is_refused():
    assert errors_of([1, 2]) == ["instance : doit être un objet JSON {…}"]


def test_load_instance_reads_a_file_and_reports_bad_json(tmp_path):
    good = tmp_path / "ok.json"
    good.write_text(json.dumps(ISSUE_EXAMPLE), encoding="utf-8")
    assert load_instance(good).request.id == "r02"
    bad = tmp_path / "bad.json"
    bad.write_text('{"members": [', encoding="utf-8")
    with pytest.raises(InstanceError, match=r"JSON invalide ligne 1, colonne 14"):
        load_instance(bad)
    with pytest.raises(InstanceError, match="fichier illisible"):
        load_instance(tmp_path / "absent.json")
