"""Places the LA (alone or jointly) block-commissions from a provider for an academic year."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from accounts.models import Organisation
from core.models import TimestampedModel
from providers.models.directory import Provider


class BlockCommission(TimestampedModel):
    """Places bought for a year: place funding plus top-up per place, both in pence a year."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="block_commissions")
    academic_year = models.PositiveSmallIntegerField(help_text="The year the academic year starts: 2025 is 2025/26")
    commissioner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="block_commissions")
    joint_commissioners = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="joint_block_commissions",
        help_text="Other organisations that share the commission",
    )
    places = models.PositiveIntegerField()
    place_funding_pence = models.PositiveIntegerField(help_text="Per place per year")
    top_up_pence = models.PositiveIntegerField(help_text="Per place per year")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-academic_year", "provider__organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "academic_year", "commissioner"], name="block_commission_one_per_year"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="block_commission_has_places"),
        ]

    def __str__(self) -> str:
        return f"{self.places} places at {self.provider} in {self.academic_year}"

    @property
    def per_place_pence(self) -> int:
        return self.place_funding_pence + self.top_up_pence

    @property
    def total_pence(self) -> int:
        return self.places * self.per_place_pence
