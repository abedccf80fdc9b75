package org.sabt.registry.search;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vocabulary reads name_key by id: a key whose transaction took an id and committed after a later one must still
 * be read (a gap it remembers), not skipped for good.
 */
@QuarkusTest
class NameVocabularyTest {

    @Inject
    NameVocabulary vocabulary;

    @Inject
    AgroalDataSource database;

    @Test
    void a_key_committed_after_a_later_one_is_still_read() throws SQLException {
        String earlyName = "Gapearli" + suffix(), early = NameKeys.given(earlyName), late = NameKeys.given("Gaplate" + suffix());
        try (Connection slow = database.getConnection(); Connection fast = database.getConnection()) {
            slow.setAutoCommit(false);
            insert(slow, early); // takes its id first, commits last
            insert(fast, late);
            assertThat(keys()).contains(late).doesNotContain(early);
            slow.commit();
        }
        assertThat(keys()).contains(late, early);
        assertThat(QuarkusTransaction.requiringNew().call(() -> vocabulary.similar(
                NameKeys.words(earlyName.substring(0, earlyName.length() - 1)), NameVocabulary.Kind.GIVEN)
                .get(NameVocabulary.Kind.GIVEN))).as("a typo of it finds it").contains(early);
    }

    /**
     * Two registrations that bring the same two new names in opposite orders: neither waits for the other (with a
     * unique key on name_key each waited for the other's commit, a deadlock), and each name is in the vocabulary once.
     */
    @Test
    void registrations_bringing_the_same_new_names_do_not_wait_for_each_other() throws SQLException {
        String first = "Navnomi" + suffix(), second = "Digarnom" + suffix();
        try (Connection a = database.getConnection(); Connection b = database.getConnection()) {
            for (Connection c : List.of(a, b)) {
                c.setAutoCommit(false);
                try (var s = c.createStatement()) {
                    s.execute("SET LOCAL lock_timeout = '5s'");
                }
            }
            name(a, first);
            name(b, second);
            name(b, first);
            name(a, second);
            a.commit();
            b.commit();
        }
        List<String> keys = keys();
        assertThat(keys.stream().filter(k -> k.equals(NameKeys.given(first)) || k.equals(NameKeys.given(second))))
                .hasSize(2);
    }

    /** A person and their name, as the registry writes them (the keys by NameKeys). */
    private static void name(Connection c, String given) throws SQLException {
        UUID id = UUID.randomUUID();
        try (PreparedStatement person = c.prepareStatement("""
                INSERT INTO person (id, surname, given_name, sex, status, marital_status, created_at)
                VALUES (?, 'Sinovarzoda', ?, 'FEMALE', 'ALIVE', 'SINGLE', now())""");
             PreparedStatement name = c.prepareStatement("""
                     INSERT INTO person_name (person_id, surname, given_name, key_given, key_surname, key_stem, key_name,
                                              current, since)
                     VALUES (?, 'Sinovarzoda', ?, ?, ?, ?, ?, true, now())""")) {
            person.setObject(1, id);
            person.setString(2, given);
            person.executeUpdate();
            name.setObject(1, id);
            name.setString(2, given);
            name.setString(3, NameKeys.given(given));
            name.setString(4, NameKeys.fold("Sinovarzoda"));
            name.setString(5, NameKeys.surnameStem("Sinovarzoda"));
            name.setString(6, PersonNames.keyName("Sinovarzoda", given, null));
            name.executeUpdate();
        }
    }

    private List<String> keys() {
        return QuarkusTransaction.requiringNew().call(() -> vocabulary.keys(NameVocabulary.Kind.GIVEN));
    }

    private static void insert(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO name_key (kind, key) VALUES ('GIVEN', ?)")) {
            s.setString(1, key);
            s.executeUpdate();
        }
    }

    /** Lowercase letters only, as keys are. */
    private static String suffix() {
        return UUID.randomUUID().toString().replaceAll("[^a-f]", "");
    }
}
