package io.strideline.activity;

import io.strideline.track.Track;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** Reads the columns of activity_streams into a {@link Track} (one place for both readers). */
final class StreamColumns {

    private StreamColumns() {}

    /** The track of a row with columns t, lat, lon, ele, hr, cad, power, speed, temp and breaks. */
    static Track track(ResultSet rs) throws SQLException {
        int[] breaks = ints(rs, "breaks");
        return new Track(
                doubles(rs, "t"),
                doubles(rs, "lat"),
                doubles(rs, "lon"),
                doubles(rs, "ele"),
                ints(rs, "hr"),
                ints(rs, "cad"),
                ints(rs, "power"),
                doubles(rs, "speed"),
                doubles(rs, "temp"),
                breaks == null ? new int[0] : breaks);
    }

    /** float8[] and real[] come back boxed from pgjdbc; the track wants primitives. */
    static double @Nullable [] doubles(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return null;
        }
        Object[] boxed = (Object[]) array.getArray();
        double[] out = new double[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            out[i] = boxed[i] == null ? Double.NaN : ((Number) boxed[i]).doubleValue();
        }
        return out;
    }

    static int @Nullable [] ints(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return null;
        }
        Object[] boxed = (Object[]) array.getArray();
        int[] out = new int[boxed.length];
        for (int i = 0; i < boxed.length; i++) {
            out[i] = boxed[i] == null ? 0 : ((Number) boxed[i]).intValue();
        }
        return out;
    }
}
