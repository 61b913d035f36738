package io.strideline.platform;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.support.AbstractSqlTypeValue;

/** pgjdbc binds and reads {@code timestamptz} as {@link OffsetDateTime}, not {@link Instant}. */
public final class Sql {

    private Sql() {}

    public static @Nullable OffsetDateTime ts(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * The application's "now" as a statement parameter: every time rule reads the one {@link
     * java.time.Clock} bean, never PostgreSQL's {@code now()} (docs/architecture.md, "One clock").
     */
    public static OffsetDateTime now(java.time.Clock clock) {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    public static @Nullable Instant instantOrNull(ResultSet rs, String column) throws SQLException {
        var value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * A PostgreSQL array sent as one statement parameter (bulk writes: {@code unnest(?)}); pgjdbc
     * encodes primitive arrays ({@code double[]}, {@code short[]} ...) without boxing.
     */
    public static AbstractSqlTypeValue array(String type, Object elements) {
        return new AbstractSqlTypeValue() {
            @Override
            protected Object createTypeValue(Connection con, int sqlType, @Nullable String typeName)
                    throws SQLException {
                return con.unwrap(PGConnection.class).createArrayOf(type, elements);
            }
        };
    }

    public static float[] floats(double[] values) {
        var out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    public static short[] shorts(int[] values) {
        var out = new short[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (short) values[i];
        }
        return out;
    }

    /** A numeric array read back as primitives; SQL NULL elements become NaN. */
    public static double @Nullable [] doubles(@Nullable Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        Object[] boxed = (Object[]) array.getArray();
        var out = new double[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            out[i] = boxed[i] instanceof Number number ? number.doubleValue() : Double.NaN;
        }
        return out;
    }
}
