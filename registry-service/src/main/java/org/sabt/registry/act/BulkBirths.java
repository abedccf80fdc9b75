package org.sabt.registry.act;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.validation.Validator;
import org.hibernate.Session;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.sabt.chassis.audit.AuditLog;
import org.sabt.chassis.security.Caller;
import org.sabt.chassis.sql.NestedLoops;
import org.sabt.registry.duplicate.DuplicateConfig;
import org.sabt.registry.office.Offices;
import org.sabt.registry.person.Person;
import org.sabt.registry.search.DuplicateBlocks;
import org.sabt.registry.search.NameKeys;
import org.sabt.registry.search.NameVocabulary;
import org.sabt.registry.search.PersonMatch;
import org.sabt.registry.search.PersonNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The archive's bulk, set-based: restored births whose mother, child and father (when there is one) are described, not
 * named by personId. Each line is checked in Java by the birth rules that need nothing from the index (the same
 * named rules a restoration checks), staged with COPY, and then, set-based in one transaction per chunk: lines whose
 * paper number the office has are ALREADY_IMPORTED; lines that need the index (a mother or child it already knows by
 * national id, a medical certificate already used, anyone who may already be in it by name and birth date, or who
 * repeats another line of the chunk) are left to the line-by-line restoration, which decides them exactly; the rest
 * become persons, names, links, acts, versions, parties and sabt.act.registered events in a few INSERT … SELECT.
 * A mother new to the index has no marriage in it, so her child's described father is recorded as the restoration
 * records him then: a new person, a legal parent, on the paper's word (PAPER_RECORD) or a court's (COURT_DECISION).
 * A line that breaks a rule is left to the line-by-line path too, which refuses it with the rule's code.
 */
@ApplicationScoped
public class BulkBirths {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(BulkBirths.class);

    static final int CHUNK = 5_000;
    /** Rows of the blocks' names fetched at a time. */
    private static final int NAMES_FETCHED = 10_000;

    private final EntityManager em;
    private final ObjectMapper json;
    private final Validator validator;
    private final Offices offices;
    private final RulesConfig rules;
    private final NameConventions nameConventions;
    private final AuditLog audit;
    private final Clock clock;
    private final DuplicateConfig duplicates;
    private final NameVocabulary vocabulary;

    BulkBirths(EntityManager em, ObjectMapper json, Validator validator, Offices offices, RulesConfig rules,
               NameConventions nameConventions, AuditLog audit, Clock clock, DuplicateConfig duplicates,
               NameVocabulary vocabulary) {
        this.duplicates = duplicates;
        this.vocabulary = vocabulary;
        this.em = em;
        this.json = json;
        this.validator = validator;
        this.offices = offices;
        this.rules = rules;
        this.nameConventions = nameConventions;
        this.audit = audit;
        this.clock = clock;
    }

    /** One staged line, resolved: the act and its two persons with the ids they will have. */
    private record Prepared(int line, UUID act, LocalDate registrationDate, String paper, BirthRegistration birth,
                            String payload, String event, byte[] staged) {

        Prepared(int line, UUID act, LocalDate registrationDate, String paper, BirthRegistration birth, String payload,
                 String event) {
            this(line, act, registrationDate, paper, birth, payload, event,
                    staged(line, act, registrationDate, paper, birth, payload, event));
        }

        /** The line's row of bulk_birth, for COPY: made here, on both cores, while the chunk before is recorded. */
        private static byte[] staged(int line, UUID act, LocalDate registrationDate, String paper, BirthRegistration b,
                                     String payload, String event) {
            StringBuilder row = new StringBuilder(4096);
            row.append(line).append(',').append(act).append(',').append(cell(b.office())).append(',')
                    .append(cell(paper)).append(',').append(registrationDate).append(',').append(b.eventDate())
                    .append(',').append(cell(b.uniqueBasisDocument())).append(',').append(cell(payload)).append(',')
                    .append(cell(event));
            for (Role role : Role.values()) {
                PersonDetails someone = role.of(b);
                row.append(',');
                if (someone != null) {
                    person(row, someone);
                } else {
                    row.append(",".repeat(PERSON_COLUMNS.size() - 1)); // no father: every cell of his NULL
                }
            }
            return row.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Works off the import's plain births, a chunk per transaction; the lines it leaves stay PENDING. The next chunk is
     * read and prepared (parsing and the rules, the Java half of the work, on both cores) while this one is recorded.
     */
    public void workOff(Caller caller, UUID importId) {
        List<Object[]> rows = plainBirths(importId, 0);
        java.util.concurrent.CompletableFuture<List<Prepared>> prepared = prepareAsync(caller, rows);
        while (!rows.isEmpty()) {
            List<Object[]> next = plainBirths(importId, ((Number) rows.get(rows.size() - 1)[0]).intValue());
            java.util.concurrent.CompletableFuture<List<Prepared>> nextPrepared = prepareAsync(caller, next);
            List<Prepared> chunk = prepared.join();
            if (!chunk.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> record(caller, importId, chunk));
            }
            rows = next;
            prepared = nextPrepared;
        }
    }

    /** The next chunk of pending plain births after a line. */
    @SuppressWarnings("unchecked")
    private List<Object[]> plainBirths(UUID importId, int after) {
        return QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery("""
                SELECT line, CAST(payload AS text) FROM import_line
                WHERE import_id = ?1 AND status = 'PENDING' AND line > ?2
                  AND payload->'act'->>'type' = 'BIRTH' AND payload->'act'->'father'->>'personId' IS NULL
                  AND payload->'act'->'mother'->>'personId' IS NULL AND payload->'act'->'child'->>'personId' IS NULL
                ORDER BY line LIMIT\s""" + CHUNK).setParameter(1, importId).setParameter(2, after).getResultList());
    }

    private java.util.concurrent.CompletableFuture<List<Prepared>> prepareAsync(Caller caller, List<Object[]> rows) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> rows.parallelStream()
                .flatMap(row -> prepare(caller, ((Number) row[0]).intValue(), (String) row[1]).stream()).toList());
    }

    /** The line as the restoration would record it, or nothing when it is not plain (the line-by-line path takes it). */
    private java.util.Optional<Prepared> prepare(Caller caller, int line, String payload) {
        try {
            ActService.Restoration r = json.readValue(payload, ActService.Restoration.class);
            if (!validator.validate(r).isEmpty() || !(r.act() instanceof BirthRegistration b) || !b.bornAlive()
                    || offices.find(b.office()).isEmpty() || !caller.mayActIn(b.office())) {
                return java.util.Optional.empty();
            }
            RegistrationRules.Context context = new RegistrationRules.Context(LocalDate.now(clock), r.registrationDate(),
                    true, rules, null);
            PersonDetails mother = b.mother().withPersonId(null).withLatin();
            PersonDetails child = b.child().withPersonId(null).withLatin();
            PersonDetails father = b.father() == null ? null : b.father().withPersonId(null).withLatin();
            // As the restoration resolves a described father when the mother has no husband in the index.
            BirthRegistration.FatherBasis basis = father == null ? null
                    : b.fatherBasis() == BirthRegistration.FatherBasis.COURT_DECISION
                    ? BirthRegistration.FatherBasis.COURT_DECISION : BirthRegistration.FatherBasis.PAPER_RECORD;
            BirthRegistration resolved = b.with(child, mother, father, basis, null);
            resolved = resolved.with(child, mother, father, basis, child.birthDate() != null
                    && RegistrationRules.BirthRules.isLate(resolved, context));
            RegistrationRules.checkWithoutTheIndex(resolved, context);
            resolved = resolved.withNameWarnings(nameConventions.check(resolved));
            UUID act = UUID.randomUUID();
            BirthRegistration recorded = resolved.with(child.withPersonId(UUID.randomUUID()),
                    mother.withPersonId(UUID.randomUUID()), father == null ? null : father.withPersonId(UUID.randomUUID()),
                    basis, resolved.late());
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            ActView view = new ActView(act, ActType.BIRTH, r.paperRegistrationNumber(), b.office(), r.registrationDate(),
                    ActStatus.REGISTERED, 1, true, caller.username(), now, recorded);
            return java.util.Optional.of(new Prepared(line, act, r.registrationDate(), r.paperRegistrationNumber(), recorded,
                    json.writeValueAsString(recorded),
                    json.writeValueAsString(new ActEvents.ActRegistered(1, view))));
        } catch (IOException | RuntimeException e) {
            // Unreadable, invalid or against a rule: the line-by-line restoration says which.
            return java.util.Optional.empty();
        }
    }

    private void record(Caller caller, UUID importId, List<Prepared> chunk) {
        List<Prepared> lines = withoutRepeats(chunk);
        if (lines.isEmpty()) {
            return;
        }
        em.createNativeQuery("""
                CREATE TEMP TABLE bulk_birth (
                    line INT, act_id UUID, office TEXT, paper TEXT, registration_date DATE, event_date DATE,
                    certificate TEXT, payload TEXT, event TEXT, %s
                ) WITH (toast_tuple_target = 8160) ON COMMIT DROP""".formatted(Arrays.stream(Role.values())
                .map(role -> PERSON_COLUMNS.stream().map(c -> role.prefix + "_" + c).collect(Collectors.joining(", ")))
                .collect(Collectors.joining(", ")))).executeUpdate();
        em.unwrap(Session.class).doWork(connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bulk_birth FROM STDIN WITH (FORMAT csv)");
            for (Prepared p : lines) {
                copy.writeToCopy(p.staged(), 0, p.staged().length);
            }
            copy.endCopy();
        });
        // Already imported: the office has the paper number.
        execute("""
                UPDATE import_line l SET status = 'ALREADY_IMPORTED', code = 'REGISTRATION_NUMBER_TAKEN'
                FROM bulk_birth b JOIN act a ON a.office = b.office AND a.registration_number = b.paper
                WHERE l.import_id = ?1 AND l.line = b.line""", importId);
        execute("DELETE FROM bulk_birth b USING act a WHERE a.office = b.office AND a.registration_number = b.paper");
        // What needs the index is left to the line-by-line restoration, which decides it exactly.
        execute("""
                DELETE FROM bulk_birth b WHERE %s
                   OR EXISTS (SELECT 1 FROM person p WHERE p.national_id IN (%s))
                   OR (b.certificate IS NOT NULL AND EXISTS (SELECT 1 FROM act a WHERE a.type = 'BIRTH' AND a.basis_document = b.certificate))"""
                .formatted(eachRole(List.of(Role.values()), "(b.{p}_id IS NOT NULL AND b.{p}_birth IS NULL)", " OR "),
                        eachRole(List.of(Role.values()), "b.{p}_national_id", ", ")));
        // Anyone the index may already hold: the duplicate matcher's blocks, scored here; a line it may hold goes line by line.
        if (duplicates.enabled()) {
            List<Integer> suspects = mayBeInTheIndex(lines);
            if (!suspects.isEmpty()) {
                em.createNativeQuery("DELETE FROM bulk_birth WHERE line = ANY(CAST(?1 AS int[]))")
                        .setParameter(1, suspects.toArray(Integer[]::new)).executeUpdate();
            }
        }
        int count = ((Number) em.createNativeQuery("SELECT count(*) FROM bulk_birth").getSingleResult()).intValue();
        if (count == 0) {
            return;
        }
        String by = caller.username();
        insertPersons(List.of(Role.MOTHER, Role.FATHER));
        execute("""
                INSERT INTO act (id, type, registration_number, office, registration_date, event_date, status, version,
                                 restored, basis_document, payload, registered_by, registered_at)
                SELECT act_id, 'BIRTH', paper, office, registration_date, event_date, 'REGISTERED', 1, true, certificate,
                       CAST(payload AS jsonb), ?1, now() FROM bulk_birth""", by);
        insertPersons(List.of(Role.CHILD)); // after the act: a child's person row names its birth act
        execute("""
                INSERT INTO person_name (person_id, surname, given_name, patronymic, key_given, key_surname, key_stem,
                                         key_patronymic, key_name, current, since, birth_date)
                """ + eachRole(List.of(Role.values()), """
                SELECT {p}_id, {p}_surname, {p}_given, {p}_patronymic, {p}_key_given, {p}_key_surname, {p}_key_stem,
                       {p}_key_patronymic, {p}_key_name, true, now(), {p}_birth FROM bulk_birth WHERE {p}_id IS NOT NULL""",
                " UNION ALL "));
        execute("""
                INSERT INTO person_link (id, person_id, related_id, kind, act_id, since)
                """ + eachRole(List.of(Role.MOTHER, Role.FATHER), """
                SELECT gen_random_uuid(), c_id, {p}_id, 'PARENT', act_id, event_date FROM bulk_birth WHERE {p}_id IS NOT NULL""",
                " UNION ALL "));
        execute("""
                INSERT INTO act_version (act_id, version, change, status, payload, reason, changed_by, changed_at)
                SELECT act_id, 1, 'RESTORED', 'REGISTERED', CAST(payload AS jsonb), ?1, ?2, now() FROM bulk_birth""",
                "import " + importId, by);
        execute("INSERT INTO act_party (act_id, person_id, role) " + eachRole(List.of(Role.values()),
                "SELECT act_id, {p}_id, '{role}' FROM bulk_birth WHERE {p}_id IS NOT NULL", " UNION ALL "));
        execute("""
                INSERT INTO outbox (id, topic, event_type, source, aggregate_id, subject, occurred_at, payload, headers)
                SELECT gen_random_uuid(), ?1, ?2, '/sabt/registry-service', CAST(act_id AS text), paper, now(),
                       CAST(event AS jsonb), '{}' FROM bulk_birth ORDER BY line""", ActEvents.TOPIC, ActEvents.REGISTERED);
        execute("""
                UPDATE import_line l SET status = 'IMPORTED', act_id = b.act_id
                FROM bulk_birth b WHERE l.import_id = ?1 AND l.line = b.line""", importId);
        em.createNativeQuery("SELECT pg_notify('sabt_outbox', '')").getSingleResult();
        audit.append(caller, new AuditLog.Entry("RESTORE", "IMPORT", importId.toString(), count + " births restored in bulk"));
    }

    /**
     * The chunk without the lines that repeat an earlier line of it: the same paper number, basis document or national
     * id, or a person the duplicate check would hold once the earlier line is in the index ({@link #wouldHold}). Those
     * stay PENDING: the line-by-line restoration takes them after this chunk is in the index, and decides them exactly.
     */
    private List<Prepared> withoutRepeats(List<Prepared> chunk) {
        Set<String> seen = new HashSet<>();
        Map<String, List<Stated>> blocks = new HashMap<>();
        List<Prepared> kept = new ArrayList<>();
        for (Prepared p : chunk) {
            BirthRegistration b = p.birth();
            List<Stated> persons = Arrays.stream(Role.values()).filter(role -> role.of(b) != null)
                    .map(role -> role.stated(b)).toList();
            List<String> unique = new ArrayList<>(List.of("paper:" + b.office() + ":" + p.paper()));
            if (b.uniqueBasisDocument() != null) {
                unique.add("basis:" + b.uniqueBasisDocument());
            }
            persons.stream().map(s -> s.details().nationalId()).filter(Objects::nonNull).forEach(id -> unique.add("id:" + id));
            boolean repeat = unique.stream().anyMatch(seen::contains)
                    || persons.stream().anyMatch(s -> s.details().birthDate() == null);
            if (!repeat && duplicates.enabled()) {
                repeat = persons.stream().anyMatch(s -> DuplicateBlocks.probes(s.details()).stream()
                        .flatMap(k -> blocks.getOrDefault(k, List.of()).stream())
                        .anyMatch(o -> DuplicateBlocks.together(s.details(), o.details())
                                && wouldHold(s, o.details(), o.child())));
            }
            seen.addAll(unique);
            for (Stated s : persons) {
                if (s.details().birthDate() != null) {
                    DuplicateBlocks.keys(s.details()).forEach(k -> blocks.computeIfAbsent(k, x -> new ArrayList<>()).add(s));
                }
            }
            if (!repeat) {
                kept.add(p);
            }
        }
        return kept;
    }

    /** A mother, child or father of a line, as stated. */
    private record Stated(PersonDetails details, boolean child) {
    }

    /**
     * A person of a staged birth, with the prefix of their columns in bulk_birth. The mother and the father are
     * newcomers to the index, the child a birth; there may be no father.
     */
    private enum Role {
        MOTHER("m"), CHILD("c"), FATHER("f");

        final String prefix;

        Role(String prefix) {
            this.prefix = prefix;
        }

        PersonDetails of(BirthRegistration b) {
            return switch (this) {
                case MOTHER -> b.mother();
                case CHILD -> b.child();
                case FATHER -> b.father();
            };
        }

        Stated stated(BirthRegistration b) {
            return new Stated(of(b), this == CHILD);
        }
    }

    /**
     * The columns of each person in bulk_birth (prefixed by their role's), in the order {@link #person} writes them;
     * rest is what the duplicate matcher's bound counts for the fields besides the names and the birth date
     * ({@link PersonMatch#bestBesidesNamesAndBirth}).
     */
    private static final List<String> PERSON_COLUMNS = List.of("id UUID", "surname TEXT", "given TEXT", "patronymic TEXT",
            "latin_surname TEXT", "latin_given TEXT", "latin_patronymic TEXT", "sex TEXT", "birth DATE", "place TEXT",
            "citizenship TEXT", "national_id TEXT", "key_given TEXT", "key_surname TEXT", "key_stem TEXT",
            "key_patronymic TEXT", "key_name TEXT", "transposed DATE", "rest FLOAT8");

    /** The SQL once per role, {p} standing for its column prefix and {role} for its name, joined. */
    private static String eachRole(List<Role> roles, String sql, String joiner) {
        return roles.stream().map(role -> sql.replace("{p}", role.prefix).replace("{role}", role.name()))
                .collect(Collectors.joining(joiner));
    }

    /** Person rows for these roles of the staged births (a child's names its birth act; the sex is as stated). */
    private void insertPersons(List<Role> roles) {
        execute("""
                INSERT INTO person (id, surname, given_name, patronymic, latin_surname, latin_given_name, latin_patronymic,
                                    latin_scheme, sex, birth_date, place_of_birth, citizenship, national_id, status,
                                    marital_status, birth_act_id, created_at, keyed)
                """ + roles.stream().map(role -> """
                SELECT {p}_id, {p}_surname, {p}_given, {p}_patronymic, {p}_latin_surname, {p}_latin_given,
                       {p}_latin_patronymic, ?1, {p}_sex, {p}_birth, {p}_place, {p}_citizenship, {p}_national_id, 'ALIVE',
                       'SINGLE', %s, now(), true FROM bulk_birth WHERE {p}_id IS NOT NULL"""
                .formatted(role == Role.CHILD ? "act_id" : "CAST(NULL AS uuid)").replace("{p}", role.prefix))
                .collect(Collectors.joining(" UNION ALL ")), LatinName.SCHEME);
    }

    /**
     * Whether the registration's duplicate check could hold the line for this person of it, against someone of the
     * index: a mother is a newcomer, compared with everyone at the threshold; a child is compared with registered
     * births (persons with a birth act) at the threshold less the mother's weight, the mothers deciding the rest. A
     * line it may hold goes line by line, where the check itself decides.
     */
    private boolean wouldHold(Stated stated, PersonDetails other, boolean otherHasBirthAct) {
        return (!stated.child() || otherHasBirthAct)
                && PersonMatch.compare(stated.details(), other).atLeast(least(stated.child()));
    }

    /** The least score of a mother or father (a newcomer), or of a child (the mothers deciding the rest), to be held. */
    private double least(boolean child) {
        return child ? duplicates.threshold() - PersonMatch.MOTHER_WEIGHT : duplicates.threshold();
    }

    /**
     * The lines of the staged chunk with a mother or child whom the duplicate check could hold against someone in the
     * index sharing one of the matcher's blocks ({@link #wouldHold}). One query for the whole chunk reads the names of
     * the blocks (person_name alone) with which the person may still reach the threshold ({@link PersonMatch#boundSql},
     * worked out by PostgreSQL on the indexes' rows); only the names that may reach it by themselves and the best of
     * everything else ({@link PersonMatch#bestByNames}: no line here shares a national id with the index, those were
     * left to the line-by-line path above) have their persons read, by key, and are scored in full.
     */
    private List<Integer> mayBeInTheIndex(List<Prepared> lines) {
        similarNames(lines);
        // The chunk's persons with their similar keys, once: as a subquery, each of the five blocks' scans joined them again.
        execute("CREATE TEMP TABLE bulk_person ON COMMIT DROP AS " + eachRole(List.of(Role.values()), """
                SELECT line, '{role}' AS who, {p}_key_given AS given, {p}_key_stem AS stem, left({p}_key_given, 1) AS gi,
                       left({p}_key_surname, 1) AS si, {p}_birth AS born, {p}_transposed AS transposed,
                       g.keys AS givens, s.keys AS stems, btrim(coalesce({p}_patronymic, '')) <> '' AS patronymic,
                       {p}_rest AS rest, {least} AS least
                FROM bulk_birth
                JOIN bulk_similar g ON g.kind = 'GIVEN' AND g.key = {p}_key_given
                JOIN bulk_similar s ON s.kind = 'SURNAME' AND s.key = {p}_key_surname
                WHERE {p}_id IS NOT NULL""".replace("{least}", "CASE '{role}' WHEN 'CHILD' THEN %s ELSE %s END"
                .formatted(least(true), least(false))), " UNION ALL "));
        // Each block is an index range per person of the chunk (nested loops); a merge join on the surname stem with
        // the date as a filter compared 600 million pairs per chunk at a million persons. The names are streamed: a
        // chunk's blocks held hundreds of thousands of names at a million persons before the bound, which read whole
        // filled the heap.
        Map<Integer, Prepared> byLine = new HashMap<>();
        lines.forEach(p -> byLine.put(p.line(), p));
        Set<Near> near = new java.util.LinkedHashSet<>(); // a name that shares several blocks comes once per block
        long[] names = {0};
        NestedLoops.query(em, () -> em.unwrap(Session.class).doReturningWork(connection -> {
            try (var statement = connection.prepareStatement(DuplicateBlocks.namesWithinReachSql("bulk_person"))) {
                statement.setFetchSize(NAMES_FETCHED);
                try (var rs = statement.executeQuery()) {
                    while (rs.next()) {
                        names[0]++;
                        int line = rs.getInt(1);
                        Stated stated = Role.valueOf(rs.getString(2)).stated(byLine.get(line).birth());
                        PersonDetails other = new PersonDetails(rs.getObject(3, UUID.class), rs.getString(4),
                                rs.getString(5), rs.getString(6), null, null, null, null, null, null);
                        if (PersonMatch.bestByNames(stated.details(), other) >= least(stated.child())) {
                            near.add(new Near(line, stated, other));
                        }
                    }
                }
            }
            return near;
        }));
        LOG.debugf("a chunk of %d lines: %d names of the index within reach, %d of them near", lines.size(), names[0],
                near.size());
        if (near.isEmpty()) {
            return List.of();
        }
        Map<UUID, Person.Snapshot> read = Person.snapshots(near.stream().map(n -> n.names().personId()).toList());
        Set<Integer> suspects = new java.util.LinkedHashSet<>();
        for (Near n : near) {
            Person.Snapshot p = read.get(n.names().personId());
            if (p == null || suspects.contains(n.line())) {
                continue;
            }
            // The name as it matched (a former name, maybe), with everything else of the person.
            PersonDetails other = new PersonDetails(n.names().personId(), n.names().surname(), n.names().givenName(),
                    n.names().patronymic(), null, p.details().sex(), p.details().birthDate(), p.details().placeOfBirth(),
                    null, p.details().nationalId());
            if (wouldHold(n.stated(), other, p.birthActId() != null)) {
                suspects.add(n.line());
            }
        }
        return List.copyOf(suspects);
    }

    /**
     * The given-name keys and surname stems of the index that the chunk's names may be SIMILAR to (bulk_similar, by
     * kind and key: {@link PersonMatch#similarGivenKeys}, {@link PersonMatch#similarStems}), for the bound of the
     * blocks' query. Names are a small vocabulary beside the persons ({@link NameVocabulary}, which remembers each
     * name's keys from one chunk to the next).
     */
    private void similarNames(List<Prepared> lines) {
        Set<String> givenNames = new HashSet<>(), surnames = new HashSet<>();
        for (Prepared p : lines) {
            for (Role role : Role.values()) {
                PersonDetails d = role.of(p.birth());
                if (d != null) {
                    givenNames.add(d.givenName());
                    surnames.add(d.surname());
                }
            }
        }
        Map<String, String> rows = new HashMap<>();
        vocabulary.similarEach(NameVocabulary.Kind.GIVEN, givenNames).forEach((name, keys) ->
                rows.putIfAbsent("GIVEN," + cell(NameKeys.given(name)), cell(array(keys))));
        vocabulary.similarEach(NameVocabulary.Kind.STEM, surnames).forEach((name, keys) ->
                rows.putIfAbsent("SURNAME," + cell(NameKeys.fold(name)), cell(array(keys))));
        execute("CREATE TEMP TABLE bulk_similar (kind TEXT, key TEXT, keys TEXT[]) ON COMMIT DROP");
        em.unwrap(Session.class).doWork(connection -> {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bulk_similar FROM STDIN WITH (FORMAT csv)");
            StringBuilder text = new StringBuilder();
            rows.forEach((kindAndKey, similar) -> text.append(kindAndKey).append(',').append(similar).append('\n'));
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        });
    }

    /** A PostgreSQL array literal of keys (lowercase Latin letters and spaces). */
    private static String array(List<String> keys) {
        return keys.stream().map(k -> "\"" + k.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** A name of the index near a line's mother or child: worth reading the person behind it. */
    private record Near(int line, Stated stated, PersonDetails names) {
    }

    /** One person's cells of a staged line ({@link #PERSON_COLUMNS}). */
    private static void person(StringBuilder rows, PersonDetails p) {
        LatinName latin = p.latin();
        rows.append(p.personId()).append(',').append(cell(p.surname())).append(',').append(cell(p.givenName())).append(',')
                .append(cell(p.patronymic())).append(',').append(cell(latin.surname())).append(',')
                .append(cell(latin.givenName())).append(',').append(cell(latin.patronymic())).append(',')
                .append(p.sex()).append(',');
        rows.append(p.birthDate() == null ? "" : p.birthDate().toString()).append(',').append(cell(p.placeOfBirth()))
                .append(',').append(cell(p.citizenship())).append(',').append(cell(p.nationalId())).append(',')
                .append(cell(NameKeys.given(p.givenName()))).append(',').append(cell(NameKeys.fold(p.surname()))).append(',')
                .append(cell(NameKeys.surnameStem(p.surname()))).append(',').append(cell(NameKeys.patronymicStem(p.patronymic())))
                .append(',').append(cell(PersonNames.keyName(p.surname(), p.givenName(), p.patronymic()))).append(',')
                .append(p.birthDate() == null ? "" : DuplicateBlocks.transposed(p.birthDate()).toString()).append(',')
                .append(PersonMatch.bestBesidesNamesAndBirth(p));
    }

    /** A CSV cell for COPY: empty is NULL. */
    private static String cell(String value) {
        return value == null ? "" : "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private void execute(String sql, Object... params) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i++) {
            q.setParameter(i + 1, params[i]);
        }
        q.executeUpdate();
    }
}
