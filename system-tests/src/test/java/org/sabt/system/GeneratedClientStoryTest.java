package org.sabt.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sabt.bench.Keycloak;
import org.sabt.client.ApiClient;
import org.sabt.client.ApiException;
import org.sabt.client.api.ActsApi;
import org.sabt.client.api.ApplicationsApi;
import org.sabt.client.api.BlanksApi;
import org.sabt.client.api.CertificatesApi;
import org.sabt.client.api.WorkQueueApi;
import org.sabt.client.model.Acceptance;
import org.sabt.client.model.ActionComment;
import org.sabt.client.model.Application;
import org.sabt.client.model.ApplicationHistoryEntry;
import org.sabt.client.model.ApplicationStatus;
import org.sabt.client.model.BlankReceipt;
import org.sabt.client.model.BlankTransfer;
import org.sabt.client.model.CertificateType;
import org.sabt.client.model.ContactDetails;
import org.sabt.client.model.NewApplication;
import org.sabt.client.model.Restoration;
import org.sabt.client.model.ServiceCode;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The one window through the Java client that OpenAPI Generator made from the published document
 * (docs/openapi/sabt-v1.json) in this build, as a portal developer would use it: tokens from the real Keycloak (the
 * portal's by client credentials), nothing but the generated APIs and models. A couple marries: the groom applies
 * through the portal and follows the application to COMPLETED while the office works it with the same client.
 */
@ExtendWith(SystemStack.class)
class GeneratedClientStoryTest {

    private static final LocalDate TODAY = LocalDate.now();

    /** A client of the gateway that sends this token with every request. */
    private static ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(SystemStack.config().gatewayUrl());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token)
                .header("X-Reason", "generated client story"));
        return client;
    }

    private static ApiClient staff(String user) {
        return client(Keycloak.userToken(user));
    }

    private static String ifMatch(Application a) {
        return "\"" + a.getVersion() + "\"";
    }

    private static String nationalId() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(2_000_000_000L, 9_999_999_999L));
    }

    /** Someone whose paper birth record the archivist restored, so that the registry knows them. */
    private static Map<String, Object> restored(ActsApi archivist, String surname, String givenName, String sex, int age)
            throws ApiException {
        Map<String, Object> person = Map.of("nationalId", nationalId(), "surname", surname, "givenName", givenName,
                "sex", sex, "birthDate", TODAY.minusYears(age).toString());
        Map<String, Object> act = Map.of("type", "BIRTH", "office", "KHT02", "child", person,
                "mother", Map.of("surname", surname, "givenName", "Гулнора", "sex", "FEMALE",
                        "birthDate", TODAY.minusYears(age + 25).toString(), "nationalId", nationalId()));
        archivist.restoreAct(new Restoration().paperRegistrationNumber("P-" + UUID.randomUUID().toString().substring(0, 8))
                .registrationDate(TODAY.minusYears(age).plusDays(3)).act(act), "restoring the couple's births");
        return person;
    }

    @Test
    void a_marriage_applied_for_through_the_portal_is_followed_to_completed_with_the_generated_client() throws Exception {
        // The office has marriage certificate blanks (the national stock receives them, Kulob gets them): enough for
        // the marriages other stories left waiting for a blank in Kulob too (they are served first, oldest first).
        BlanksApi stock = new BlanksApi(staff("admin"));
        int from = 1 + ThreadLocalRandom.current().nextInt(9_000_000);
        stock.receiveBlanks(new BlankReceipt().series("L-ТҶ").from(from).to(from + 19).certificateType(CertificateType.MARRIAGE));
        stock.transferBlanks(new BlankTransfer().series("L-ТҶ").from(from).to(from + 19).office("KHT02"));

        ActsApi archivist = new ActsApi(staff("archivist"));
        Map<String, Object> groom = restored(archivist, "Юсуфов", "Шаҳром", "MALE", 30);
        Map<String, Object> bride = restored(archivist, "Ҳасанова", "Мижгона", "FEMALE", 27);
        String citizen = (String) groom.get("nationalId");

        // The portal, with its own token, applies for the groom and reads the application for him.
        ApplicationsApi portal = new ApplicationsApi(client(Keycloak.clientToken("sabt-demo-portal", "demo-portal-secret-DEV-ONLY")));
        Map<String, String> forHim = Map.of("X-Citizen-Id", citizen);
        Application submitted = portal.submitApplication(new NewApplication().service(ServiceCode.REGISTER_MARRIAGE).office("KHT02")
                .contact(new ContactDetails().phone("+992900000555").email("shahrom@example.tj").language("tg"))
                .form(Map.of("spouse1", groom, "spouse2", bride, "marriageDate", TODAY.toString(),
                        "surnameAfterMarriage2", groom.get("surname"),
                        "jointApplication", Map.of("number", "ЗА-" + UUID.randomUUID().toString().substring(0, 6),
                                "date", TODAY.minusDays(35).toString()))), citizen);
        UUID id = submitted.getId();
        assertThat(submitted.getStatus()).isEqualTo(ApplicationStatus.SUBMITTED);

        // The counter accepts it; the back office claims, reviews and approves it, which registers the marriage.
        ApplicationsApi counter = new ApplicationsApi(staff("registrar.kulob"));
        Application accepted = counter.acceptApplication(id, new Acceptance().documentsSeen(OneWindowStoryTest.MARRIAGE_DOCUMENTS),
                ifMatch(counter.getApplication(id)));
        assertThat(accepted.getStatus()).isEqualTo(ApplicationStatus.ACCEPTED);
        ApiClient backOfficeClient = staff("backoffice.kulob");
        ApplicationsApi backOffice = new ApplicationsApi(backOfficeClient);
        new WorkQueueApi(backOfficeClient).claimApplication(id);
        Application reviewed = backOffice.reviewApplication(id, new ActionComment(), ifMatch(backOffice.getApplication(id)));
        assertThat(reviewed.getStatus()).isEqualTo(ApplicationStatus.IN_REVIEW);
        // A stale version is refused as the API says, with its problem code, and changes nothing.
        ApiException stale = catchThrowableOfType(ApiException.class,
                () -> backOffice.approveApplication(id, new ActionComment(), "\"" + (reviewed.getVersion() - 1) + "\""));
        assertThat(stale.getCode()).isEqualTo(412);
        assertThat(stale.getResponseBody()).contains("VERSION_MISMATCH");
        Application approved = backOffice.approveApplication(id, new ActionComment().comment("Documents in order"), ifMatch(reviewed));
        assertThat(approved.getStatus()).isEqualTo(ApplicationStatus.REGISTERED);
        assertThat(approved.getRegistration().getRegistrationNumber()).startsWith("MAR-KHT02-");

        // The certificate follows on one of Kulob's blanks; the groom sees it through the portal.
        Application issued = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> portal.getApplication(id, forHim), a -> a.getStatus() == ApplicationStatus.CERTIFICATE_ISSUED);
        UUID certificate = issued.getRegistration().getCertificateId();
        assertThat(new CertificatesApi(staff("registrar.kulob")).getCertificate(certificate).getBlankSeries()).isEqualTo("L-ТҶ");

        // Handed over at the counter: COMPLETED, and the portal shows every step.
        counter.completeApplication(id, new ActionComment().comment("Handed over to both spouses"),
                ifMatch(counter.getApplication(id)));
        Application completed = portal.getApplication(id, forHim);
        assertThat(completed.getStatus()).isEqualTo(ApplicationStatus.COMPLETED);
        assertThat(completed.getHistory().stream().map(ApplicationHistoryEntry::getStatus).toList()).containsSubsequence(
                ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.IN_REVIEW, ApplicationStatus.APPROVED,
                ApplicationStatus.REGISTERED, ApplicationStatus.CERTIFICATE_ISSUED, ApplicationStatus.COMPLETED);
        assertThat(portal.listApplications(null, 50, forHim).getItems()).anyMatch(s -> id.equals(s.getId()));
    }
}
