package io.strideline.gamification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 26 §1: a device's upload does not fail for its side effects. A PostgreSQL trigger makes
 * the first XP ledger write of one person fail (real SQL, as a lock timeout or a bug would); the
 * upload still answers 201 and its activity is stored, and the XP arrives once the after-commit
 * handler succeeds on its retry (strideline.events.retry, a second in tests).
 */
class SideEffectRetryApiTest extends GamificationTestBase {

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void failFirstXpWriteOfFlaggedPeople() {
        // a sequence, not a delete from the flag table: a failing write rolls its own changes back,
        // nextval is not rolled back, so the trigger fails exactly once
        jdbc.sql("""
                        create sequence if not exists xp_fail_once_seq;
                        create table if not exists xp_fail_once (user_id uuid primary key);
                        create or replace function xp_fail_once() returns trigger language plpgsql as $$
                        begin
                            if exists (select 1 from xp_fail_once where user_id = new.user_id)
                                    and nextval('xp_fail_once_seq') = 1 then
                                raise exception 'xp ledger write refused once by SideEffectRetryApiTest';
                            end if;
                            return new;
                        end $$;
                        create or replace trigger xp_fail_once before insert on xp_ledger
                            for each row execute function xp_fail_once();
                        """).update();
    }

    @AfterEach
    void dropTrigger() {
        jdbc.sql("""
                        drop trigger if exists xp_fail_once on xp_ledger;
                        drop function if exists xp_fail_once();
                        drop table if exists xp_fail_once;
                        drop sequence if exists xp_fail_once_seq;
                        """).update();
    }

    @Test
    void anUploadWhoseXpHandlerFailsIsAcceptedAndEarnsItsXpOnRetry() {
        var ann = register();
        var device = pair(ann);
        jdbc.sql("insert into xp_fail_once (user_id) values (?)")
                .param(ann.id())
                .update();
        // the clock is not pinned: the retry waits for a publication to age on the app's clock
        Instant start = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

        UUID id = device.api()
                .post("/api/v1/device/runs", run(UUID.randomUUID(), start))
                .expect(201)
                .id();

        assertThat(ann.api().get("/api/v1/activities/" + id).expect(200).str("id"))
                .isEqualTo(id.toString());
        assertThat(jdbc.sql("select is_called from xp_fail_once_seq")
                        .query(Boolean.class)
                        .single())
                .as("the handler did fail once")
                .isTrue();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(ledger(fresh(ann), "activity"))
                        .extracting(e -> e.path("source_key").asString())
                        .containsExactly(id.toString()));
    }
}
