package org.sabt.chassis;

import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.RestResponse;
import org.sabt.chassis.idempotency.Idempotent;
import org.sabt.chassis.outbox.Outbox;
import org.sabt.chassis.problem.ProblemException;

import java.net.URI;
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

    Note write(NewNote n) {
        UUID id = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO note (id, text) VALUES (?1, ?2)").setParameter(1, id).setParameter(2, n.text())
                .executeUpdate();
        outbox.publish(new Outbox.Event(TOPIC, "sabt.test.note-created", n.key() == null ? id.toString() : n.key(),
                id.toString(), new Note(id, n.text())));
        return new Note(id, n.text());
    }
}
