package io.strideline.gamification;

import io.strideline.gamification.BadgeService.BadgeView;
import io.strideline.gamification.BadgeService.EarnedBadge;
import io.strideline.gamification.XpRepository.LedgerEntry;
import io.strideline.gamification.XpService.XpProgress;
import io.strideline.platform.CurrentUser;
import io.strideline.platform.Page;
import io.strideline.platform.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Progress", description = "XP, levels and badges, computed by the server from my stored data only")
class ProgressController {

    private final XpService xp;
    private final BadgeService badges;

    ProgressController(XpService xp, BadgeService badges) {
        this.xp = xp;
        this.badges = badges;
    }

    @GetMapping("/me/progress")
    @Operation(
            operationId = "getMyProgress",
            summary = "My XP and level",
            description = "XP is computed by the server from my activities, steps, badges and challenges (README, "
                    + "\"Gamification\"): any xp a client sends is ignored. Level n starts at 50·n·(n−1) XP.")
    XpProgress progress(CurrentUser user) {
        return xp.progress(user.id());
    }

    @GetMapping("/me/progress/ledger")
    @Operation(
            operationId = "listMyXpLedger",
            summary = "Where my XP comes from, newest first",
            description = "One entry per activity, steps day, badge and challenge completed: what the formula gave "
                    + "(earned_xp) and what was credited after the daily cap (xp). Editing or deleting an activity "
                    + "changes or removes its entry. Cursor pages: limit 1..200 (default 50).")
    Page<LedgerEntry> ledger(
            CurrentUser user,
            @RequestParam(required = false) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String cursor) {
        return xp.ledger(user.id(), PageRequest.of(limit, cursor));
    }

    @GetMapping("/badges")
    @Operation(
            operationId = "listBadges",
            summary = "The badge catalogue, with mine",
            description = "Every badge (a short catalogue, one list), whether and when I earned it and my progress "
                    + "toward it. Badges are earned once; deleting data does not take one back.")
    List<BadgeView> catalogue(CurrentUser user) {
        return badges.catalogue(user.id());
    }

    @GetMapping("/me/badges")
    @Operation(
            operationId = "listMyBadges",
            summary = "The badges I earned, newest first",
            description = "Each once, with when; the catalogue with my progress is GET /badges.")
    List<EarnedBadge> mine(CurrentUser user) {
        return badges.earnedBy(user.id(), user.id());
    }

    @GetMapping("/users/{user_id}/badges")
    @Operation(
            operationId = "listUserBadges",
            summary = "Someone's badges, newest first",
            description = "As their profile visibility lets me see them; 404 for unknown people, for profiles I may "
                    + "not see and, alike, between people who blocked each other.")
    List<EarnedBadge> of(CurrentUser user, @PathVariable("user_id") UUID userId) {
        return badges.earnedBy(user.id(), userId);
    }
}
