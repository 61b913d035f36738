package io.strideline.identity;

import io.strideline.platform.ApiException;
import io.strideline.platform.Ids;
import io.strideline.platform.Sql;
import io.strideline.platform.Validation;
import io.strideline.track.Geodesy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's privacy settings as other modules apply them: the visibilities a new activity
 * starts with, the privacy zones whose points nobody else sees, and the blurred areas that others
 * see cut for them ({@link #hiddenAreas}).
 */
@Component
public class Privacy {

    public static final int MAX_ZONES = 5;

    /** The visibilities of a new activity; facets already clamped to the activity's own. */
    public record ActivityDefaults(Visibility visibility, Visibility map, Visibility heartRate) {}

    @Schema(description = "A circle in which my track points are hidden from everyone but me.")
    public record PrivacyZone(
            @Schema(description = "The zone's id.", example = "0193a5c2-7d4e-7b1a-9c3f-2f6d8e4a1b2c")
            UUID id,

            @Schema(description = "A name for myself, at most 100 characters.", example = "Home") @Nullable
            String name,

            @Schema(description = "Latitude of the centre in degrees (WGS84), -90..90.", example = "48.137")
            double lat,

            @Schema(description = "Longitude of the centre in degrees (WGS84), -180..180.", example = "11.575")
            double lon,

            @Schema(description = "Radius in metres, 100 to 1000.", example = "300", minimum = "100", maximum = "1000")
            int radiusMeters,

            @Schema(description = "When it was created.", example = "2026-03-01T08:30:00Z")
            Instant createdAt) {}

    /** One query for the zones of many people (a page of their routes). */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    public Map<UUID, List<PrivacyZone>> zones(Collection<UUID> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        var byUser = new HashMap<UUID, List<PrivacyZone>>();
        jdbc.sql("""
                        select user_id, id, name, lat, lon, radius_m, created_at
                        from privacy_zones where user_id = any(?) order by created_at, id
                        """).param(userIds.toArray(UUID[]::new)).query(rs -> {
            byUser.computeIfAbsent(rs.getObject("user_id", UUID.class), k -> new ArrayList<>())
                    .add(new PrivacyZone(
                            rs.getObject("id", UUID.class),
                            rs.getString("name"),
                            rs.getDouble("lat"),
                            rs.getDouble("lon"),
                            rs.getInt("radius_m"),
                            Sql.instant(rs, "created_at")));
        });
        return byUser;
    }

    /**
     * The areas others see cut from one activity or route ({@code subjectId}) for its owner's
     * zones. Cut exactly at the zone, the first visible points of every track that leaves home lie
     * on one circle around it, and three of them give the home away. So each subject and zone get
     * their own, larger circle: its centre moved from the zone's by up to r/2 in any direction
     * (evenly over that disc), its radius between offset + r (so that it always holds the whole
     * zone) and 2r.
     *
     * <p>Drawn from HMAC-SHA256(server key, subject id, zone id) rather than from the ids alone
     * (the code is public, so anyone could recompute those) and rather than stored random values:
     * the same track always shows the same cut (no averaging over reads), with no table and no
     * write on a read path, and a new or moved zone (a new id) draws new cuts by itself.
     */
    public List<Geodesy.Circle> hiddenAreas(UUID subjectId, List<PrivacyZone> zones) {
        return zones.stream().map(z -> hiddenArea(subjectId, z)).toList();
    }

    private Geodesy.Circle hiddenArea(UUID subjectId, PrivacyZone zone) {
        var draw = ByteBuffer.wrap(hmac(subjectId + "/" + zone.id()));
        double r = zone.radiusMeters();
        double offset = r / 2 * Math.sqrt(unit(draw.getLong()));
        double azimuth = 360 * unit(draw.getLong()) - 180;
        // a millimetre more than needed: the zone stays inside despite rounding
        double radius = Math.min(2 * r, offset + r + 0.001 + unit(draw.getLong()) * (r - offset));
        double[] centre = Geodesy.destination(zone.lat(), zone.lon(), azimuth, offset);
        return new Geodesy.Circle(centre[0], centre[1], radius);
    }

    /** 53 of the bits as a number in [0, 1). */
    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    private byte[] hmac(String message) {
        try {
            // a Mac is not thread-safe; one per use is cheap beside the geodesy
            var mac = Mac.getInstance(ZoneBlurKey.HMAC);
            mac.init(blurKey);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecretKeySpec blurKey;

    Privacy(JdbcClient jdbc, Clock clock, ZoneBlurKey blurKey) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.blurKey = blurKey.key();
    }

    public ActivityDefaults activityDefaults(UUID userId) {
        return jdbc.sql("""
                        select default_visibility, default_map_visibility, default_heart_rate_visibility
                        from users where id = ?
                        """)
                .param(userId)
                .query((rs, n) -> {
                    var visibility = Visibility.of(rs.getString(1));
                    return new ActivityDefaults(
                            visibility,
                            Visibility.of(rs.getString(2)).atMost(visibility),
                            Visibility.of(rs.getString(3)).atMost(visibility));
                })
                .optional()
                .orElse(new ActivityDefaults(Visibility.PRIVATE, Visibility.PRIVATE, Visibility.PRIVATE));
    }

    /** At most {@link #MAX_ZONES}, oldest first. */
    @SuppressWarnings("NullAway") // JdbcClient.query(Class) types rows @Nullable; rows are never null
    public List<PrivacyZone> zones(UUID userId) {
        return jdbc.sql("""
                        select id, name, lat, lon, radius_m as radius_meters, created_at
                        from privacy_zones where user_id = ? order by created_at, id
                        """).params(userId).query(PrivacyZone.class).list();
    }

    @Transactional
    PrivacyZone addZone(
            UUID userId, @Nullable String name, @Nullable Double lat, @Nullable Double lon, @Nullable Integer radius) {
        new Validation()
                .check(name == null || name.length() <= 100, "name", "must have at most 100 characters")
                .check(lat != null && lat >= -90 && lat <= 90, "lat", "is required, between -90 and 90")
                .check(lon != null && lon >= -180 && lon <= 180, "lon", "is required, between -180 and 180")
                .check(
                        radius != null && radius >= 100 && radius <= 1000,
                        "radius_meters",
                        "is required, between 100 and 1000")
                .throwIfInvalid();
        // one person's zones are counted and added one request at a time
        jdbc.sql("select 1 from users where id = ? for update")
                .param(userId)
                .query(Integer.class)
                .optional();
        int count = jdbc.sql("select count(*) from privacy_zones where user_id = ?")
                .param(userId)
                .query(Integer.class)
                .single();
        if (count >= MAX_ZONES) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "too_many_zones",
                    "At most " + MAX_ZONES + " privacy zones; delete one first.");
        }
        var zone = new PrivacyZone(
                Ids.newId(),
                name,
                Objects.requireNonNull(lat, "checked above"),
                Objects.requireNonNull(lon, "checked above"),
                Objects.requireNonNull(radius, "checked above"),
                clock.instant());
        jdbc.sql("""
                        insert into privacy_zones (id, user_id, name, lat, lon, radius_m, created_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        """)
                .params(zone.id(), userId, name, zone.lat(), zone.lon(), zone.radiusMeters(), Sql.ts(zone.createdAt()))
                .update();
        return zone;
    }

    @Transactional
    void deleteZone(UUID userId, UUID id) {
        if (jdbc.sql("delete from privacy_zones where id = ? and user_id = ?")
                        .params(id, userId)
                        .update()
                == 0) {
            throw ApiException.notFound("privacy zone");
        }
    }
}
