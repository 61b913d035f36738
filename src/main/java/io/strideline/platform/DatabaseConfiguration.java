package io.strideline.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** One embedded server per JVM: test contexts with different settings share it. */
    static final class EmbeddedDatabase {
        private static @Nullable EmbeddedPostgres server;

        static synchronized int start(DatabaseProperties.Embedded settings) {
            if (server == null) {
                try {
                    Path dir = settings.dataDir().toAbsolutePath();
                    if (settings.cleanOnStart()) {
                        FileSystemUtils.deleteRecursively(dir);
                    }
                    Files.createDirectories(dir.getParent());
                    var builder = EmbeddedPostgres.builder()
                            .setDataDirectory(dir)
                            .setCleanDataDirectory(false)
                            .setServerConfig("max_connections", "100")
                            .setServerConfig("fsync", settings.cleanOnStart() ? "off" : "on");
                    if (settings.port() > 0) {
                        builder.setPort(settings.port());
                    }
                    // zonky stops the server from its own shutdown hook
                    server = builder.start();
                } catch (IOException e) {
                    throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
                }
            }
            return server.getPort();
        }
    }
}
