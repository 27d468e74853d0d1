from django.contrib import admin

from siaga.deployment.models import DeploymentPlan, ReserveSite, SecurityPattern


@admin.register(SecurityPattern)
class SecurityPatternAdmin(admin.ModelAdmin):
    list_display = ("operation", "category", "polri", "tps", "linmas", "source")
    list_filter = ("category",)


@admin.register(ReserveSite)
class ReserveSiteAdmin(admin.ModelAdmin):
    list_display = ("name", "unit", "lat", "lon")


@admin.register(DeploymentPlan)
class DeploymentPlanAdmin(admin.ModelAdmin):
    list_display = ("election", "unit", "version", "status", "computed_at", "approved_at")
    list_filter = ("status",)
    readonly_fields = ("result", "summary", "status", "approved_at", "approved_by", "computed_at", "job")
