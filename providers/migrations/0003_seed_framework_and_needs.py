"""Starting data the LA can then edit: needs, the QA framework and judgement scale, and settings.

The needs' codes match referrals.Request.need so that sufficiency compares like with like.
The domains are those of PRODUCT.md section G; the criteria draw on the 2025
non-school AP voluntary national standards themes and the Feb 2025 AP guidance
(reference/standards.md section 6).
"""

from django.db import migrations

NEEDS = [
    ("semh", "Social, emotional and mental health (SEMH)"),
    ("ebsa", "Emotionally based school avoidance (EBSA)"),
    ("medical", "Medical"),
    ("sen", "Special educational needs (SEN)"),
    ("behaviour", "Behaviour"),
    ("autism", "Autism"),
    ("slcn", "Speech, language and communication"),
    ("young_parents", "Young parents and pregnancy"),
    ("other", "Other"),
]

DOMAINS = [
    ("Safeguarding and safety", [
        "Enhanced DBS checks for all staff, recorded on a single central record",
        "A trained, named designated safeguarding lead, known to pupils and staff",
        "Safeguarding, behaviour and staff conduct policies in place and followed",
        "Premises are secure and risk-assessed; first aid and medical needs are covered",
    ]),
    ("Attendance", [
        "Every expected session is marked and absence is reported the same day",
        "Attendance is improving from each pupil's starting point",
    ]),
    ("Engagement", [
        "Pupils are engaged in purposeful activity for the whole session",
        "Behaviour is managed consistently and respectfully",
    ]),
    ("Progress", [
        "Each pupil has a personalised plan with objectives, reviewed at least half-termly",
        "Progress against targets is tracked and shared with the commissioner",
    ]),
    ("Progression and destinations", [
        "Pupils work towards a return to school or a sustained post-16 destination",
        "Accredited outcomes are offered where appropriate",
    ]),
    ("Wellbeing", [
        "Pupils say they feel safe and listened to",
        "Mental health and wellbeing needs are identified and supported",
    ]),
    ("Teaching and learning", [
        "Staff are suitably skilled and qualified for what they teach",
        "English and maths are part of the offer",
    ]),
    ("Leadership and compliance", [
        "Compliance documents are current and provided on request",
        "Leaders act on previous QA findings and actions",
    ]),
]

LEVELS = [
    (1, "Strong", "Consistently effective; practice others could learn from", False),
    (2, "Good", "Effective, with minor points to develop", False),
    (3, "Requires improvement", "Not yet good; actions with due dates are needed", False),
    (4, "Inadequate", "Pupils are not safe or not well served; a notice to improve should follow", True),
]


def seed(apps, schema_editor):
    Need = apps.get_model("providers", "Need")
    QADomain = apps.get_model("providers", "QADomain")
    QACriterion = apps.get_model("providers", "QACriterion")
    JudgementLevel = apps.get_model("providers", "JudgementLevel")
    DirectorySettings = apps.get_model("providers", "DirectorySettings")
    for order, (code, label) in enumerate(NEEDS, 1):
        Need.objects.get_or_create(code=code, defaults={"label": label, "sort_order": order})
    for order, (name, criteria) in enumerate(DOMAINS, 1):
        domain, created = QADomain.objects.get_or_create(name=name, defaults={"sort_order": order})
        if created:
            for position, text in enumerate(criteria, 1):
                QACriterion.objects.create(domain=domain, text=text, sort_order=position)
    for rank, label, description, escalate in LEVELS:
        JudgementLevel.objects.get_or_create(
            rank=rank, defaults={"label": label, "description": description, "prompts_escalation": escalate}
        )
    DirectorySettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("providers", "0002_directory_compliance_qa_commissioning")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
