package io.strideline.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/** Argon2id with the OWASP parameters set explicitly, and the password policy. */
@Component
class Passwords {

    static final int MIN_LENGTH = 8;
    static final int MAX_LENGTH = 128;

    // OWASP Password Storage Cheat Sheet: m=19 MiB, t=2, p=1; 16-byte salt, 32-byte hash.
    private final Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    private final Set<String> common = load();

    /** Compared against when the email is unknown, so that both failures cost the same time. */
    private final String decoy = argon2.encode("decoy-password-for-timing");

    String hash(String password) {
        return argon2.encode(password);
    }

    boolean matches(String password, String hash) {
        return argon2.matches(password, hash);
    }

    void burnTimeOfOneCheck(String password) {
        argon2.matches(password, decoy);
    }

    boolean isCommon(String password) {
        return common.contains(password.toLowerCase(Locale.ROOT));
    }

    private static Set<String> load() {
        try (InputStream in = Passwords.class.getResourceAsStream("/identity/common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("identity/common-passwords.txt is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .map(s -> s.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
