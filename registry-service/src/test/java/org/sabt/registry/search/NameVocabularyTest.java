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
