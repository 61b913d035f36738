package io.strideline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a {@code kill -9} of the JVM its embedded postmaster lives on; the next start on the same
 * data folder stops it and starts afresh, keeping the data (it used to fail on a random port).
 */
class OrphanedPostmasterTest {

    @TempDir
    Path var;

    @Test
    void nextStartStopsAnOrphanedPostmasterAndKeepsTheData() throws Exception {
        Path dir = var.resolve("postgres");
        var settings = new DatabaseConfiguration.DatabaseProperties.Embedded(dir, 0, false);
        int port = DatabaseConfiguration.EmbeddedDatabase.acquire(dir, settings);
        try (var c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", "postgres", "")) {
            c.createStatement().execute("create table kept (x int); insert into kept values (42)");
        } finally {
            DatabaseConfiguration.EmbeddedDatabase.release(dir);
        }

        // what a killed JVM leaves behind: a postmaster nobody owns, started here by hand
        String postgres =
                Files.readString(dir.resolve("postmaster.opts")).split("\"")[0].trim();
        int orphanPort;
        try (var socket = new ServerSocket(0)) {
            orphanPort = socket.getLocalPort();
        }
        var args = new ArrayList<String>();
        if (LinuxUtils.isUnshareAvailable()) {
            args.addAll(List.of("unshare", "-U"));
        }
        args.addAll(List.of(
                Path.of(postgres).resolveSibling("pg_ctl").toString(),
                "start",
                "-D",
                dir.toString(),
                "-o",
                "-p " + orphanPort,
                "-l",
                var.resolve("orphan.log").toString(),
                "-w"));
        var start = new ProcessBuilder(args).inheritIO().start();
        assertThat(start.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(start.exitValue()).isZero();
        long orphan = Long.parseLong(
                Files.readAllLines(dir.resolve("postmaster.pid")).getFirst().trim());
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).contains(true);

        int again = DatabaseConfiguration.EmbeddedDatabase.acquire(dir, settings);
        try (var c = DriverManager.getConnection("jdbc:postgresql://localhost:" + again + "/postgres", "postgres", "");
                var rs = c.createStatement().executeQuery("select x from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
            assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        } finally {
            DatabaseConfiguration.EmbeddedDatabase.release(dir);
        }
    }
}
