package io.strideline.route;

import io.strideline.identity.Relationships;
import io.strideline.platform.PageRequest;
import io.strideline.platform.Sql;
import io.strideline.platform.WireEnum;
import io.strideline.track.Difficulty;
import io.strideline.track.Geodesy;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RouteRepository {

    /** What a new route row holds besides its geometry. */
    record NewRoute(
            UUID id,
            UUID userId,
            String name,
            @Nullable String description,
            boolean isPublic,
            Difficulty difficulty,
            RouteSource source,
            RouteMetrics metrics,
            Geometry geometry) {}

    /** A bounding box on the start point; lon wraps across the antimeridian when minLon > maxLon. */
    record Box(
            double minLat,
            double maxLat,
            @Nullable Double minLon,
            @Nullable Double maxLon) {}

    /** The step of the distances a near search answers, in metres. */
    static final double NEAR_STEP_M = 100;

    /** Position after the last row of a near-search page. */
    record NearPosition(double distance, UUID id) {}

    /** Every view column; {@code :viewer} decides {@code mine} and {@code favorite}. */
    private static final String COLUMNS = """
            r.id, r.user_id, r.name, r.description, r.is_public, r.difficulty, r.source, r.distance_m,
            r.elevation_gain_m, r.elevation_loss_m, r.estimated_duration_s, r.start_lat, r.start_lon, r.point_count,
            r.created_at, r.updated_at,
            exists (select 1 from route_favorites f where f.user_id = :viewer and f.route_id = r.id) as favorite""";

    /**
     * A public route of someone the viewer blocked, or who blocked the viewer, is left out: a block
     * hides the two from each other everywhere, as a nonexistent route ({@code :blocked}).
     */
    private static final String PUBLIC = "(r.is_public and r.user_id <> all(:blocked))";

    /** Who may see a route: its owner, and everyone not blocked either way when it is public. */
    private static final String VISIBLE = "(r.user_id = :viewer or " + PUBLIC + ")";

    private final JdbcClient jdbc;
    private final Relationships relationships;
    private final Clock clock;

    RouteRepository(JdbcClient jdbc, Relationships relationships, Clock clock) {
        this.jdbc = jdbc;
        this.relationships = relationships;
        this.clock = clock;
    }

    /** The viewer and the people blocked either way with them, the parameters of {@link #VISIBLE}. */
    private Map<String, Object> viewerParams(UUID viewer) {
        Map<String, Object> params = new HashMap<>();
        params.put("viewer", viewer);
        params.put("blocked", relationships.blockedEitherWay(viewer).toArray(UUID[]::new));
        return params;
    }

    void insert(NewRoute route) {
        var s = route.metrics();
        var g = route.geometry();
        jdbc.sql("""
                        insert into routes (id, user_id, name, description, is_public, difficulty, source, distance_m,
                            elevation_gain_m, elevation_loss_m, estimated_duration_s, point_count, start_lat, start_lon,
                            created_at, updated_at)
                        values (:id, :user, :name, :description, :public, :difficulty, :source, :distance, :gain, :loss,
                            :duration, :points, :startLat, :startLon, :now, :now)
                        """)
                .param("now", Sql.now(clock))
                .param("id", route.id())
                .param("user", route.userId())
                .param("name", route.name())
                .param("description", route.description())
                .param("public", route.isPublic())
                .param("difficulty", route.difficulty().wire())
                .param("source", route.source().wire())
                .param("distance", s.distance())
                .param("gain", s.gain())
                .param("loss", s.loss())
                .param("duration", s.estimatedSeconds())
                .param("points", g.size())
                .param("startLat", g.lat()[0])
                .param("startLon", g.lon()[0])
                .update();
        jdbc.sql("insert into route_geometries (route_id, lat, lon, ele) values (?, ?, ?, ?)")
                .params(
                        route.id(),
                        Sql.array("float8", g.lat()),
                        Sql.array("float8", g.lon()),
                        g.ele() == null ? null : Sql.array("float4", elevations(g.ele())))
                .update();
    }

    Optional<RouteView> findVisible(UUID viewer, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from routes r where r.id = :id and " + VISIBLE)
                .params(viewerParams(viewer))
                .param("id", id)
                .query((rs, n) -> view(rs, viewer, false, false))
                .optional();
    }

    Optional<Geometry> geometry(UUID routeId) {
        return jdbc.sql("select lat, lon, ele from route_geometries where route_id = ?")
                .param(routeId)
                .query((rs, n) -> new Geometry(
                        doubles(rs.getArray("lat")), doubles(rs.getArray("lon")), Sql.doubles(rs.getArray("ele"))))
                .optional();
    }

    List<RouteView> mine(UUID viewer, PageRequest page) {
        return newest("r.user_id = :viewer", viewer, page);
    }

    List<RouteView> publicNewest(UUID viewer, PageRequest page) {
        return newest(PUBLIC, viewer, page);
    }

    private List<RouteView> newest(String where, UUID viewer, PageRequest page) {
        var sql = new StringBuilder("select " + COLUMNS + " from routes r where " + where);
        var params = viewerParams(viewer);
        var after = page.after();
        if (after != null) {
            sql.append(" and (r.created_at, r.id) < (:afterTime, :afterId)");
            params.put("afterTime", Sql.ts(after.time()));
            params.put("afterId", after.id());
        }
        sql.append(" order by r.created_at desc, r.id desc limit :limit");
        params.put("limit", page.fetchSize());
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> view(rs, viewer, false, false))
                .list();
    }

    /** My favourites that I may still see, most recently favourited first. */
    List<RouteView> favorites(UUID viewer, PageRequest page) {
        var sql = new StringBuilder("select " + COLUMNS + ", fav.created_at as favorited_at from route_favorites fav"
                + " join routes r on r.id = fav.route_id where fav.user_id = :viewer and " + VISIBLE);
        var params = viewerParams(viewer);
        var after = page.after();
        if (after != null) {
            sql.append(" and (fav.created_at, fav.route_id) < (:afterTime, :afterId)");
            params.put("afterTime", Sql.ts(after.time()));
            params.put("afterId", after.id());
        }
        sql.append(" order by fav.created_at desc, fav.route_id desc limit :limit");
        params.put("limit", page.fetchSize());
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> view(rs, viewer, true, false))
                .list();
    }

    /**
     * Public routes starting within {@code radiusM} of a point, nearest first. The box narrows the
     * rows to a range of the {@code routes_public_start} index; only those get a haversine
     * distance on the mean sphere (the box's, {@link RouteService#box}), which orders them.
     * Keyset-paged on (distance, id).
     */
    List<RouteView> near(
            UUID viewer, double lat, double lon, double radiusM, Box box, @Nullable NearPosition after, int fetch) {
        var inner = new StringBuilder(
                "select " + COLUMNS + """
                , 2 * :earth * asin(least(1, sqrt(
                      power(sin(radians(r.start_lat - :lat) / 2), 2)
                      + cos(radians(:lat)) * cos(radians(r.start_lat)) * power(sin(radians(r.start_lon - :lon) / 2), 2)
                  ))) as exact_m
                from routes r
                where""" + " " + PUBLIC + " and r.start_lat between :minLat and :maxLat");
        var params = viewerParams(viewer);
        params.put("earth", Geodesy.EARTH_RADIUS_M);
        params.put("lat", lat);
        params.put("lon", lon);
        params.put("minLat", box.minLat());
        params.put("maxLat", box.maxLat());
        if (box.minLon() != null && box.maxLon() != null) {
            params.put("minLon", box.minLon());
            params.put("maxLon", box.maxLon());
            inner.append(
                    box.minLon() <= box.maxLon()
                            ? " and r.start_lon between :minLon and :maxLon"
                            : " and (r.start_lon >= :minLon or r.start_lon <= :maxLon)");
        }
        // answered and ordered in steps of NEAR_STEP_M: searches around a start do not pin it down
        var sql = new StringBuilder("select *, round(r.exact_m / :step) * :step as near_m from (" + inner
                + ") r where r.exact_m <= :radius");
        params.put("step", NEAR_STEP_M);
        params.put("radius", radiusM);
        if (after != null) {
            sql.append(" and (round(r.exact_m / :step) * :step, r.id) > (:afterDistance, :afterId)");
            params.put("afterDistance", after.distance());
            params.put("afterId", after.id());
        }
        sql.append(" order by near_m, r.id limit :limit");
        params.put("limit", fetch);
        return jdbc.sql(sql.toString())
                .params(params)
                .query((rs, n) -> view(rs, viewer, false, true))
                .list();
    }

    /** Changes the sent fields of the owner's route; false when it is not theirs. */
    boolean update(
            UUID owner,
            UUID id,
            @Nullable String name,
            boolean setDescription,
            @Nullable String description,
            @Nullable Boolean isPublic,
            @Nullable Difficulty difficulty) {
        return jdbc.sql("""
                        update routes set name = coalesce(:name, name),
                            description = case when :setDescription then cast(:description as text) else description end,
                            is_public = coalesce(:public, is_public),
                            difficulty = coalesce(:difficulty, difficulty),
                            updated_at = :now
                        where id = :id and user_id = :owner
                        """)
                        .param("now", Sql.now(clock))
                        .param("name", name)
                        .param("setDescription", setDescription)
                        .param("description", description)
                        .param("public", isPublic)
                        .param("difficulty", difficulty == null ? null : difficulty.wire())
                        .param("id", id)
                        .param("owner", owner)
                        .update()
                == 1;
    }

    boolean delete(UUID owner, UUID id) {
        return jdbc.sql("delete from routes where id = ? and user_id = ?")
                        .params(id, owner)
                        .update()
                == 1;
    }

    /** Idempotent: a second favourite of the same route changes nothing. */
    void favorite(UUID viewer, UUID routeId) {
        jdbc.sql("insert into route_favorites (user_id, route_id, created_at) values (?, ?, ?) on conflict do nothing")
                .params(viewer, routeId, Sql.now(clock))
                .update();
    }

    boolean unfavorite(UUID viewer, UUID routeId) {
        return jdbc.sql("delete from route_favorites where user_id = ? and route_id = ?")
                        .params(viewer, routeId)
                        .update()
                == 1;
    }

    private static RouteView view(ResultSet rs, UUID viewer, boolean favoritedAt, boolean near) throws SQLException {
        UUID owner = rs.getObject("user_id", UUID.class);
        return new RouteView(
                rs.getObject("id", UUID.class),
                owner,
                owner.equals(viewer),
                rs.getString("name"),
                rs.getString("description"),
                rs.getBoolean("is_public"),
                difficulty(rs.getString("difficulty")),
                RouteSource.of(rs.getString("source")),
                rs.getDouble("distance_m"),
                rs.getDouble("elevation_gain_m"),
                rs.getDouble("elevation_loss_m"),
                rs.getInt("estimated_duration_s"),
                rs.getDouble("start_lat"),
                rs.getDouble("start_lon"),
                rs.getInt("point_count"),
                rs.getBoolean("favorite"),
                favoritedAt ? rs.getObject("favorited_at", OffsetDateTime.class).toInstant() : null,
                near ? rs.getDouble("near_m") : null,
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"),
                null);
    }

    private static Difficulty difficulty(String wire) {
        return WireEnum.parse(Difficulty.class, wire)
                .orElseThrow(() -> new IllegalStateException("not a difficulty: " + wire));
    }

    private static double[] doubles(Array array) throws SQLException {
        var values = Sql.doubles(array);
        if (values == null) {
            throw new SQLException("geometry array is null");
        }
        return values;
    }

    /** Elevations as real[], with SQL NULL where a point has none. */
    private static @Nullable Float[] elevations(double[] ele) {
        var out = new @Nullable Float[ele.length];
        for (int i = 0; i < ele.length; i++) {
            out[i] = Double.isNaN(ele[i]) ? null : (float) ele[i];
        }
        return out;
    }
}
