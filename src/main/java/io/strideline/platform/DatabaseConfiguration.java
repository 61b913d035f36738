package io.strideline.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.StringUtils;

/**
 * An external PostgreSQL when {@code strideline.db.url} ({@code STRIDELINE_DB_URL}) is set;
 * otherwise a real PostgreSQL started in-process from the zonky binaries, its data kept under
 * {@code strideline.db.embedded.data-dir} so that it survives a restart.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @ConfigurationProperties("strideline.db")
    record DatabaseProperties(
            @Nullable String url,
            @Nullable String user,
            @Nullable String password,
            int maxPoolSize,
            Duration connectionTimeout,
            Embedded embedded) {

        record Embedded(Path dataDir, int port, boolean cleanOnStart) {}
    }

    @Bean
    DataSource dataSource(DatabaseProperties db) {
        if (StringUtils.hasText(db.url())) {
            var pool = pool(db);
            pool.setJdbcUrl(db.url());
            pool.setUsername(db.user());
            pool.setPassword(db.password());
            return pool;
        }
        Path dir = db.embedded().dataDir().toAbsolutePath().normalize();
        int port = EmbeddedDatabase.acquire(dir, db.embedded());
        // the server stops after the pool has closed, never under a context that is still closing
        var pool = new HikariDataSource() {
            @Override
            public void close() {
                super.close();
                EmbeddedDatabase.release(dir);
            }
        };
        configure(pool, db);
        pool.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres");
        pool.setUsername("postgres");
        return pool;
    }

    private static HikariDataSource pool(DatabaseProperties db) {
        var pool = new HikariDataSource();
        configure(pool, db);
        return pool;
    }

    private static void configure(HikariDataSource pool, DatabaseProperties db) {
        pool.setPoolName("strideline");
        pool.setMaximumPoolSize(db.maxPoolSize());
        // during a database outage a request waits this long for a connection, then gets 503
        // with Retry-After instead of hanging for Hikari's default 30 s
        pool.setConnectionTimeout(db.connectionTimeout().toMillis());
    }

    /**
     * One embedded server per data folder and JVM, shared by the Spring contexts that use it (the
     * test contexts do) and stopped when the last of them closes its pool.
     */
    static final class EmbeddedDatabase {
        private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
        private static final Map<Path, EmbeddedPostgres> SERVERS = new HashMap<>();
        private static final Map<Path, Integer> USERS = new HashMap<>();

        static synchronized int acquire(Path dir, DatabaseProperties.Embedded settings) {
            int port = start(dir, settings);
            USERS.merge(dir, 1, Integer::sum);
            return port;
        }

        static synchronized void release(Path dir) {
            if (USERS.merge(dir, -1, Integer::sum) <= 0) {
                USERS.remove(dir);
                var server = SERVERS.remove(dir);
                if (server != null) {
                    try {
                        server.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException("could not stop the embedded PostgreSQL in " + dir, e);
                    }
                }
            }
        }

        private static int start(Path dir, DatabaseProperties.Embedded settings) {
            var server = SERVERS.get(dir);
            if (server == null) {
                try {
                    stopOrphanedPostmaster(dir);
                    if (settings.cleanOnStart()) {
                        FileSystemUtils.deleteRecursively(dir);
                    }
                    Files.createDirectories(dir.getParent());
                    var builder = EmbeddedPostgres.builder()
                            .setDataDirectory(dir)
                            .setCleanDataDirectory(false)
                            .setRegisterShutdownHook(false)
                            .setServerConfig("max_connections", "100")
                            // a throw-away test database needs no crash safety; a kept one acknowledges
                            // a commit only once it is on disk (zonky's default is
                            // synchronous_commit=off, which can lose acknowledged writes in a crash)
                            .setServerConfig("fsync", settings.cleanOnStart() ? "off" : "on")
                            .setServerConfig("synchronous_commit", settings.cleanOnStart() ? "off" : "on");
                    if (settings.port() > 0) {
                        builder.setPort(settings.port());
                    }
                    server = builder.start();
                    SERVERS.put(dir, server);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dir, e);
                }
            }
            return server.getPort();
        }

        /**
         * The embedded PostgreSQL runs as separate processes. When the JVM dies without closing it
         * ({@code kill -9}, a killed {@code ./mvnw spring-boot:run}, an OOM kill), its postmaster
         * keeps running on the data folder. Starting a second one there fails on the lock file; zonky
         * then either gives up (random port) or silently connects to the orphan, which still runs
         * with the old settings (fixed port). So: when {@code postmaster.pid} names a live postgres,
         * stop it cleanly ({@code pg_ctl stop -m fast}, committed data is kept) before starting.
         */
        static void stopOrphanedPostmaster(Path dir) throws IOException {
            Path pidFile = dir.resolve("postmaster.pid");
            if (!Files.isRegularFile(pidFile)) {
                return;
            }
            long pid;
            try (var lines = Files.lines(pidFile)) {
                pid = Long.parseLong(lines.findFirst().orElse("").trim());
            } catch (NumberFormatException | UncheckedIOException e) {
                return; // a torn or empty file: postgres itself sorts that out
            }
            var process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            var command = process.flatMap(p -> p.info().command());
            if (command.isEmpty() || !command.get().endsWith("postgres")) {
                return; // stale file, the pid is gone or now some other program: postgres starts anyway
            }
            Path pgCtl = Path.of(command.get()).resolveSibling("pg_ctl");
            log.warn("an earlier embedded PostgreSQL (pid {}) still runs in {}; stopping it first", pid, dir);
            var args = new ArrayList<String>();
            // as zonky does: postgres refuses to run as root, so root runs it in a user namespace
            if (LinuxUtils.isUnshareAvailable()) {
                args.addAll(List.of("unshare", "-U"));
            }
            args.addAll(List.of(pgCtl.toString(), "stop", "-D", dir.toString(), "-m", "fast", "-w", "-t", "60"));
            try {
                var stop = new ProcessBuilder(args)
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!stop.waitFor(90, TimeUnit.SECONDS) || stop.exitValue() != 0) {
                    stop.destroyForcibly();
                    throw new IOException("pg_ctl could not stop the PostgreSQL (pid " + pid + ") in " + dir);
                }
                process.get().onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while stopping the PostgreSQL in " + dir, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("the PostgreSQL (pid " + pid + ") in " + dir + " did not stop", e);
            }
        }
    }
}
