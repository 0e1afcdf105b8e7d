"""The "Stop and call us" safety text printed on every handout (core layer).

Plain-language wording of the red flags in shared/CONTENT.md. Kept here, not in the PDF code, so the
screen preview and any translation use the same words; each string is marked for the catalog (``N_``).
"""

from __future__ import annotations

from dataclasses import dataclass

from hep_builder.core.i18n import N_


@dataclass(frozen=True)
class RedFlagGroup:
    heading: str  # may contain {phone}
    items: tuple[str, ...]
    urgent: bool = False


RED_FLAGS: tuple[RedFlagGroup, ...] = (
    RedFlagGroup(
        N_("Call 911 right away if you have:"),
        (
            N_("Chest pain (at rest or while you exercise), trouble breathing, or you cough up blood."),
            N_("Numbness in your groin or between your legs, or you suddenly cannot control your bladder or bowels."),
            # A hip that may have come out of its socket (dislocation) needs the emergency room, not a call-back.
            N_('A "clunk" in your hip, a leg that looks shorter or turned, or you cannot stand on the leg.'),
        ),
        urgent=True,
    ),
    RedFlagGroup(
        N_("Stop the exercises and call us the same day at {phone} if you have:"),
        (
            N_(
                "Pain, warmth or swelling in your calf or thigh that does not get better with rest "
                "and raising your leg."
            ),
            N_("A fever of 100.5 °F (38 °C) or more, or a hot, red, swollen, very painful joint."),
            N_("After surgery: redness around your wound, or fluid leaking from it."),
            N_("Sudden bad pain in your hip."),
            N_("New numbness, tingling or weakness in your leg."),
            N_(
                "Pain at night or at rest that does not stop and is not linked to moving, "
                "or weight loss you cannot explain."
            ),
            N_("Dizziness or unusual shortness of breath while you exercise."),
        ),
    ),
    RedFlagGroup(
        N_("Not an emergency, but do less and tell your therapist if:"),
        (N_("Your pain is worse the next day and has not settled after about 24 hours."),),
    ),
)

HOW_TO_USE = (
    N_("Each exercise shows where to start and where to end. Move slowly from one to the other."),
    N_("Do the amount shown under each exercise. Mild effort is fine. Sharp pain is not."),
    N_("Tick a box in the daily log each time you do the exercise."),
    N_("Bring this sheet to your next visit."),
)
