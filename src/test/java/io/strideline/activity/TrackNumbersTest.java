package io.strideline.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class TrackNumbersTest {

    private static double decimal(String s) {
        return TrackNumbers.decimal(s.toCharArray(), 0, s.length());
    }

    @Test
    void fastPathGivesExactlyWhatParseDoubleGives() {
        var random = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            String s = switch (i % 4) {
                case 0 -> String.format(Locale.ROOT, "%.6f", random.nextDouble(-180, 180));
                case 1 -> String.format(Locale.ROOT, "%.1f", random.nextDouble(-500, 9000));
                case 2 -> Double.toString(random.nextDouble() * Math.pow(10, random.nextInt(-8, 12)));
                default -> Long.toString(random.nextLong(1L << 54)) + "." + random.nextInt(1000);
            };
            double fast = decimal(s);
            if (!Double.isNaN(fast)) {
                assertThat(Double.doubleToRawLongBits(fast))
                        .as(s)
                        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
            }
        }
        assertThat(Double.doubleToRawLongBits(decimal("-0.0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(decimal("0.1")).isEqualTo(0.1);
        assertThat(decimal("52.523456")).isEqualTo(52.523456);
    }

    @Test
    void leavesWhatItCannotConvertExactlyToTheParser() {
        assertThat(decimal("1e5")).isNaN();
        assertThat(decimal("1.5E-3")).isNaN();
        assertThat(decimal("12345678901234567890.5")).isNaN(); // too many digits
        assertThat(decimal("9007199254740993.0")).isNaN(); // above 2^53
        assertThat(decimal("0.00000000000000000000001")).isNaN(); // 23 fraction digits
        assertThat(decimal("-")).isNaN();
    }

    @Test
    void readsTracksLikeJacksonDoes() throws Exception {
        var json = JsonMapper.builder().build();
        String body = "{\"t\":[0,1,2.5,3e0],\"lat\":[52.52,-0.0,\"1.25\",1.0000000000000000000001],"
                + "\"lon\":[1,2,3,4],\"ele\":null}";
        var track = json.readValue(body, RunUpload.Track.class);
        assertThat(track.t()).containsExactly(0, 1, 2.5, 3);
        assertThat(track.lat()).containsExactly(52.52, -0.0, 1.25, 1.0);
        assertThat(track.ele()).isNull();
        var big = new StringBuilder("{\"t\":[");
        for (int i = 0; i < 1000; i++) {
            big.append(i == 0 ? "" : ",").append(i).append(".5");
        }
        var many = json.readValue(big.append("]}").toString(), RunUpload.Track.class);
        assertThat(many.t()).hasSize(1000);
        assertThat(many.t()[999]).isEqualTo(999.5);
    }
}
