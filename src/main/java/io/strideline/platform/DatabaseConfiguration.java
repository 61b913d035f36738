package io.strideline.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
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
            Embedded embedded) {

        record Embedded(Path dataDir, int port, boolean cleanOnStart) {}
    }

    @Bean
    DataSource dataSource(DatabaseProperties db) {
        var pool = new HikariDataSource();
        pool.setPoolName("strideline");
        pool.setMaximumPoolSize(db.maxPoolSize());
        if (StringUtils.hasText(db.url())) {
            pool.setJdbcUrl(db.url());
            pool.setUsername(db.user());
            pool.setPassword(db.password());
        } else {
            int port = EmbeddedDatabase.start(db.embedded());
            pool.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres");
            pool.setUsername("postgres");
        }
        return pool;
    }

    /**
     * One embedded server per data folder and JVM: test contexts with different settings share it,
     * and it outlives a context (zonky stops it from its own shutdown hook).
     */
    static final class EmbeddedDatabase {
        private static final Map<Path, EmbeddedPostgres> SERVERS = new HashMap<>();

        static synchronized int start(DatabaseProperties.Embedded settings) {
            Path dir = settings.dataDir().toAbsolutePath().normalize();
            var server = SERVERS.get(dir);
            if (server == null) {
                try {
                    if (settings.cleanOnStart()) {
                        FileSystemUtils.deleteRecursively(dir);
                    }
                    Files.createDirectories(dir.getParent());
                    var builder = EmbeddedPostgres.builder()
                            .setDataDirectory(dir)
                            .setCleanDataDirectory(false)
                            .setServerConfig("max_connections", "100")
                            // a throw-away test database needs no crash safety
                            .setServerConfig("fsync", settings.cleanOnStart() ? "off" : "on");
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

        /** Stops the server of this folder, as a process exit would; for restart tests. */
        static synchronized void stop(Path dataDir) throws IOException {
            var server = SERVERS.remove(dataDir.toAbsolutePath().normalize());
            if (server != null) {
                server.close();
            }
        }
    }
}
