package org.sabt.chassis;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.chassis.idempotency.Idempotent;
import org.sabt.chassis.outbox.Outbox;
import org.sabt.chassis.problem.ProblemException;

import java.net.URI;
import java.util.List;
import java.util.UUID;

/** A tiny application inside the chassis tests: notes that publish an event when written. */
@Path("/notes")
@RolesAllowed("registrar")
public class NoteResource {

    public static final String TOPIC = "sabt.test.notes";

    public record NewNote(@NotBlank @Size(max = 100) String text, String key) {
    }

    public record Note(UUID id, String text) {
    }

    private final EntityManager em;
    private final Outbox outbox;

    NoteResource(EntityManager em, Outbox outbox) {
        this.em = em;
        this.outbox = outbox;
    }

    @POST
    @Idempotent
    @Transactional
    public RestResponse<Note> create(@Valid NewNote n) {
        Note note = write(n);
        return RestResponse.ResponseBuilder.<Note>created(URI.create("/notes/" + note.id())).entity(note).build();
    }

    /** Writes the note and its event, then fails: the transaction rolls back. */
    @POST
    @Path("/failing")
    @Transactional
    public Note createAndFail(@Valid NewNote n) {
        write(n);
        throw ProblemException.unprocessable("NOTE_REFUSED");
    }

    /** Notes with this exact text (a query parameter the input guard looks at first). */
    @GET
    public List<Note> find(@QueryParam("text") String text) {
        return em.createNativeQuery("SELECT id, text FROM note WHERE text = ?1", Note.class).setParameter(1, text).getResultList();
    }

    /** A note with the caller's id: a second one with the same id breaks the primary key (23505). */
    @PUT
    @Path("/{id}")
    @Transactional
    public Note put(@PathParam("id") UUID id, @Valid NewNote n) {
        em.createNativeQuery("INSERT INTO note (id, text) VALUES (?1, ?2)").setParameter(1, id).setParameter(2, n.text())
                .executeUpdate();
        return new Note(id, n.text());
    }

    /** Locks a note without waiting: another transaction holding it gives lock_not_available (55P03). */
    @POST
    @Path("/{id}/lock")
    @Transactional
    public void lock(@PathParam("id") UUID id) {
        em.createNativeQuery("SELECT id FROM note WHERE id = ?1 FOR UPDATE NOWAIT").setParameter(1, id).getResultList();
    }

    /** A number the database cannot hold in a smallint: numeric_value_out_of_range (22003). */
    @POST
    @Path("/small")
    @Transactional
    public void small(@QueryParam("n") long n) {
        em.createNativeQuery("SELECT CAST(?1 AS smallint)").setParameter(1, n).getSingleResult();
    }

    Note write(NewNote n) {
        UUID id = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO note (id, text) VALUES (?1, ?2)").setParameter(1, id).setParameter(2, n.text())
                .executeUpdate();
        outbox.publish(new Outbox.Event(TOPIC, "sabt.test.note-created", n.key() == null ? id.toString() : n.key(),
                id.toString(), new Note(id, n.text())));
        return new Note(id, n.text());
    }
}
