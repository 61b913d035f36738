package io.strideline.organization;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code invitation-ttl}: how long an invitation can be accepted; {@code invitations-per-inviter-per-hour}
 * and {@code invitations-per-org-per-hour}: how many invitations (new or renewed) one person and one
 * organization may send, so that inviting cannot be used to mass-probe or spam addresses.
 */
@ConfigurationProperties("strideline.organization")
record OrgSettings(Duration invitationTtl, int invitationsPerInviterPerHour, int invitationsPerOrgPerHour) {}
