from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from accounts.roles import ROLE_ORGANISATION_KIND, OrganisationKind, Role
from core.models import TimestampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their work email address."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=150)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(auto_now_add=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.email.lower()

    @property
    def acting_membership(self):
        """The membership this person acts under: the one chosen for the session
        (set by ActiveMembershipMiddleware), or outside a request their first one, in the same
        order the middleware uses (Membership.Meta.ordering: organisation name, then role)."""
        if not hasattr(self, "active_membership"):
            self.active_membership = self.memberships.select_related("organisation").first()
        return self.active_membership


class Organisation(TimestampedModel):
    """Anything people belong to: the LA, a school, a partnership, a provider, a partner service.

    Kind-specific details live in a profile (School, Partnership, Provider, LocalAuthority).
    """

    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.name


class LocalAuthority(models.Model):
    """The LA this deployment serves: its DfE three-digit code and ONS code."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="local_authority")
    la_code = models.CharField(
        max_length=3, unique=True, validators=[RegexValidator(r"^\d{3}$", "Enter the 3-digit LA code")]
    )
    ons_code = models.CharField(max_length=9, blank=True)

    class Meta:
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.organisation.name} ({self.la_code})"


class PartnerService(models.Model):
    """Early help, social care, youth justice, CAMHS/MHST, police and other partners."""

    class ServiceType(models.TextChoices):
        EARLY_HELP = "early_help", "Early help"
        SOCIAL_CARE = "social_care", "Children's social care"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        MENTAL_HEALTH = "mental_health", "CAMHS or mental health support team"
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        OTHER = "other", "Other"

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT, related_name="partner_service")
    service_type = models.CharField(max_length=20, choices=ServiceType.choices)

    def __str__(self) -> str:
        return self.organisation.name


class Membership(TimestampedModel):
    """A person's role in an organisation. A person may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    is_safeguarding_lead = models.BooleanField(default=False)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.organisation}"

    def clean(self):
        expected = ROLE_ORGANISATION_KIND.get(self.role)
        if expected and self.organisation_id and self.organisation.kind != expected:
            raise ValidationError(
                {"role": f"A {Role(self.role).label} must belong to a {OrganisationKind(expected).label.lower()}."}
            )
