// The outbox: answers signed, threaded, carrying their files, committed with what they answer.
#include "mail/mail_test_support.hpp"

namespace guichet::mail {
namespace {

using test_support::IntakeTest;
using test_support::Message;

// Its own suite name, so that each file instantiates only its own tests.
class OutboxTest : public IntakeTest {};

TEST_P(OutboxTest, AnswerIsSignedAndThreaded) {
    Outcome o = Deliver(1, Message("José <jose@example.org>", "Acte de naissance", "n1@ex"));
    auto q = *requests_->queries.Get(tenant_, o.request_id);
    requests::Outgoing answer{.kind = "answer", .body = "Votre acte est prêt.", .channel = "email"};
    auto deliver = outbox_->PrepareAnswer(tenant_, answer, {"Élodie", "État civil"});
    ASSERT_TRUE(deliver);
    ASSERT_TRUE(*deliver);
    ASSERT_TRUE(requests_->lifecycle.AddOutgoing(tenant_, q.id, answer,
                                                 {"agent", "a1", "Élodie Roy"}, *deliver));
    transport_.down = true;
    EXPECT_EQ(outbox_->SendDue(), 0u);  // Retried later.
    transport_.down = false;
    clock_.Advance(std::chrono::minutes(5));
    EXPECT_EQ(outbox_->SendDue(), 2u);  // The acknowledgement and the answer.
    ASSERT_EQ(transport_.sent.size(), 2u);
    ParsedMail sent = ParseMail(transport_.sent[1].second);
    EXPECT_EQ(sent.in_reply_to, "n1@ex");
    EXPECT_NE(sent.text.find("Votre acte est prêt."), std::string::npos);
    EXPECT_NE(sent.text.find("Élodie\nÉtat civil\nMairie de Villebelle"), std::string::npos);
    EXPECT_NE(sent.subject.find(q.tracking_code), std::string::npos);
    EXPECT_TRUE(sent.auto_submitted.empty());
    // The citizen's reply to the answer lands in the same request.
    Outcome reply = Deliver(2, Message("jose@example.org", "Re: " + sent.subject, "n2@ex",
                                       "In-Reply-To: <" + sent.message_id + ">\r\n"));
    EXPECT_EQ(reply.action, Outcome::Action::kThreaded);
    EXPECT_EQ(reply.request_id, q.id);
}

// The outbox row of an agent's answer is written in the transaction that records the answer: a
// failure inside it leaves neither the answer nor the row; once the answer is committed, the row
// is there with it.
TEST_P(OutboxTest, APortalRequestAndItsAcknowledgementCommitTogether) {
    auto acknowledgements = [&] {
        auto row = db_->Read<std::optional<storage::Row>>([&](storage::Connection& c) {
            return c.QueryOne("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'acknowledgement'",
                              {});
        });
        return row && *row ? (**row).Int(0) : -1;
    };
    requests::NewRequest web;
    web.channel = requests::Channel::kWeb;
    web.citizen.name = "Inès Moreau";
    web.citizen.email = "ines.moreau@example.org";
    web.subject = "Carte d'identité";
    const requests::Actor citizen{"citizen", std::nullopt, "Inès Moreau"};
    auto deliver = outbox_->PrepareAcknowledgement(tenant_, *web.citizen.email);
    ASSERT_TRUE(deliver) << deliver.error().detail;
    ASSERT_TRUE(*deliver);

    // The request's write fails after the row: neither the request nor the row remain.
    auto failed = requests_->lifecycle.Create(
        tenant_, web, citizen,
        [&](storage::Connection& c, const requests::Request& q) -> Result<void> {
            GUICHET_CHECK((*deliver)(c, q));
            return Fail(ErrorCode::kUnavailable, "panne", "simulated failure");
        });
    ASSERT_FALSE(failed);
    EXPECT_EQ(acknowledgements(), 0);

    auto created = requests_->lifecycle.Create(tenant_, web, citizen, *deliver);
    ASSERT_TRUE(created) << created.error().detail;
    EXPECT_EQ(acknowledgements(), 1);
    EXPECT_EQ(outbox_->SendDue(), 1u);
    ASSERT_EQ(transport_.sent.size(), 1u);
    EXPECT_NE(ParseMail(transport_.sent[0].second).text.find(created->tracking_code),
              std::string::npos);
    // The same address again within the window: no second automatic e-mail (no loops).
    auto again = outbox_->PrepareAcknowledgement(tenant_, "Ines.Moreau@example.org");
    ASSERT_TRUE(again);
    EXPECT_FALSE(*again);
}

TEST_P(OutboxTest, AnswerAndItsOutboxRowCommitTogether) {
    Outcome o = Deliver(1, Message("José <jose@example.org>", "Carte d'identité", "t1@ex"));
    const auto before = *requests_->queries.Get(tenant_, o.request_id);
    auto outbox = [&](const std::string& kind) {
        auto row = db_->Read<std::optional<storage::Row>>([&](storage::Connection& c) {
            return c.QueryOne(
                "SELECT COUNT(*) FROM mail_outbox WHERE request_id = $1 AND kind = $2",
                {before.id, kind});
        });
        return row && *row ? (**row).Int(0) : -1;
    };
    auto answers = [&] {
        int n = 0;
        for (const auto& e : Timeline(before.id))
            if (e.type == "message_out" &&
                e.data_json.find("Le dossier est complet") != std::string::npos)
                ++n;
        return n;
    };
    requests::Outgoing answer{
        .kind = "answer", .body = "Le dossier est complet.", .channel = "email"};
    const requests::Actor agent{"agent", "a1", "Élodie Roy"};
    auto deliver = outbox_->PrepareAnswer(tenant_, answer, {"Élodie", "État civil"});
    ASSERT_TRUE(deliver) << deliver.error().detail;
    ASSERT_TRUE(*deliver);

    // Something fails after the outbox row is written, still inside the transaction.
    auto failed = requests_->lifecycle.AddOutgoing(
        tenant_, before.id, answer, agent,
        [&](storage::Connection& c, const requests::Request& q) -> Result<void> {
            GUICHET_CHECK((*deliver)(c, q));
            EXPECT_EQ(q.id, before.id);
            return Fail(ErrorCode::kUnavailable, "panne", "simulated failure after the row");
        });
    ASSERT_FALSE(failed);
    EXPECT_EQ(outbox("answer"), 0);
    EXPECT_EQ(answers(), 0);
    EXPECT_EQ(requests_->queries.Get(tenant_, before.id)->version, before.version);

    // Committed: the answer and its row, once each; the row is what SendDue sends.
    auto recorded = requests_->lifecycle.AddOutgoing(tenant_, before.id, answer, agent, *deliver);
    ASSERT_TRUE(recorded) << recorded.error().detail;
    EXPECT_EQ(outbox("answer"), 1);
    EXPECT_EQ(answers(), 1);
    EXPECT_EQ(outbox_->SendDue(), 2u);  // The acknowledgement and the answer.
    ASSERT_EQ(transport_.sent.size(), 2u);
    EXPECT_NE(ParseMail(transport_.sent[1].second).text.find("Le dossier est complet."),
              std::string::npos);

    // A request without e-mail: the hook writes nothing and the answer is recorded.
    requests::NewRequest counter;
    counter.channel = requests::Channel::kCounter;
    counter.citizen.name = "Marc";
    counter.subject = "Question";
    counter.description = "Au guichet";
    auto q = requests_->lifecycle.Create(tenant_, counter, agent);
    ASSERT_TRUE(q);
    ASSERT_TRUE(requests_->lifecycle.AddOutgoing(tenant_, q->id, answer, agent, *deliver));
    EXPECT_EQ(outbox_->SendDue(), 0u);
}

// An agent's answer carrying two of the request's files: the mail has both as parts, named and
// typed as on the request; the files become the citizen's to see and the timeline names them.
// A file that is not the request's refuses the answer, and nothing is written.
TEST_P(OutboxTest, AnswerCarriesTheRequestsFiles) {
    Outcome o = Deliver(1, Message("José <jose@example.org>", "Permis de construire", "f1@ex"));
    const auto q = *requests_->queries.Get(tenant_, o.request_id);
    const requests::Actor agent{"agent", "a1", "Élodie Roy"};
    const std::string pdf = "%PDF-1.4\n% arrêté\n%%EOF\n";
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    auto decision = requests_->attachments.AddAttachment(tenant_, q.id, "arrêté n°12.pdf",
                                                         "application/octet-stream", pdf, agent);
    auto plan = requests_->attachments.AddAttachment(tenant_, q.id, "plan cadastral.png",
                                                     "image/png", png, agent);
    ASSERT_TRUE(decision && plan);
    EXPECT_EQ(decision->content_type, "application/pdf");  // Typed by its content.
    EXPECT_FALSE(decision->shared);
    requests::NewRequest counter;
    counter.channel = requests::Channel::kCounter;
    counter.citizen.name = "Marc";
    counter.subject = "Autre";
    counter.description = "Au guichet";
    auto other = requests_->lifecycle.Create(tenant_, counter, agent);
    ASSERT_TRUE(other);
    auto foreign = requests_->attachments.AddAttachment(tenant_, other->id, "autre.pdf",
                                                        "application/pdf", pdf, agent);
    ASSERT_TRUE(foreign);
    auto outbox = [&] {
        auto row = db_->Read<std::optional<storage::Row>>([&](storage::Connection& c) {
            return c.QueryOne("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'answer'", {});
        });
        return row && *row ? (**row).Int(0) : -1;
    };

    // Another request's file, or an unknown id: refused by name, nothing written.
    for (const std::string& wrong : {foreign->id, std::string("inconnue")}) {
        requests::Outgoing answer{.kind = "answer",
                                  .body = "Voici la décision.",
                                  .channel = "email",
                                  .attachment_ids = {decision->id, wrong}};
        auto checked = requests_->attachments.AnswerFiles(tenant_, q.id, answer.attachment_ids);
        ASSERT_FALSE(checked);
        EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(checked.error().message.find(wrong), std::string::npos);
        // An unknown id cannot even be read; another request's file is read, then refused by
        // AddOutgoing before its hook writes the outbox row.
        auto deliver = outbox_->PrepareAnswer(tenant_, answer, {"Élodie", "Urbanisme"});
        EXPECT_EQ(static_cast<bool>(deliver), wrong == foreign->id);
        auto refused = requests_->lifecycle.AddOutgoing(
            tenant_, q.id, answer, agent, deliver ? *deliver : requests::AlsoInTransaction());
        ASSERT_FALSE(refused);
        EXPECT_NE(refused.error().message.find(wrong), std::string::npos);
    }
    EXPECT_EQ(outbox(), 0);
    EXPECT_EQ(requests_->queries.Get(tenant_, q.id)->version,
              q.version + 2);  // The two uploads only.
    EXPECT_TRUE(requests_->attachments.Attachments(tenant_, q.id, true)->empty());
    // Too many files, or the same twice.
    std::vector<std::string> many(11, decision->id);
    EXPECT_FALSE(requests_->attachments.AnswerFiles(tenant_, q.id, many));
    EXPECT_FALSE(requests_->attachments.AnswerFiles(tenant_, q.id, {plan->id, plan->id}));

    requests::Outgoing answer{.kind = "answer",
                              .body = "Voici la décision et le plan.",
                              .channel = "email",
                              .attachment_ids = {decision->id, plan->id}};
    auto deliver = outbox_->PrepareAnswer(tenant_, answer, {"Élodie", "Urbanisme"});
    ASSERT_TRUE(deliver) << deliver.error().detail;
    auto recorded = requests_->lifecycle.AddOutgoing(tenant_, q.id, answer, agent, *deliver);
    ASSERT_TRUE(recorded) << recorded.error().detail;
    EXPECT_EQ(outbox(), 1);

    // Shared with the citizen, and named in the timeline.
    auto shared = requests_->attachments.Attachments(tenant_, q.id, true);
    ASSERT_TRUE(shared);
    ASSERT_EQ(shared->size(), 2u);
    const auto timeline = Timeline(q.id);
    const auto& entry = timeline.back();
    EXPECT_EQ(entry.type, "message_out");
    EXPECT_NE(entry.data_json.find("\"attachments\":[{\"id\":\"" + decision->id),
              std::string::npos);
    EXPECT_NE(entry.data_json.find("plan cadastral.png"), std::string::npos);

    EXPECT_EQ(outbox_->SendDue(), 2u);  // The acknowledgement and the answer.
    ASSERT_EQ(transport_.sent.size(), 2u);
    ParsedMail sent = ParseMail(transport_.sent[1].second);
    EXPECT_NE(sent.text.find("Voici la décision et le plan."), std::string::npos);
    EXPECT_NE(sent.text.find("Pièces jointes : arrêté n°12.pdf, plan cadastral.png."),
              std::string::npos);
    ASSERT_EQ(sent.attachments.size(), 2u);
    EXPECT_EQ(sent.attachments[0].filename, "arrêté n°12.pdf");
    EXPECT_EQ(sent.attachments[0].content_type, "application/pdf");
    EXPECT_EQ(sent.attachments[0].bytes, pdf);
    EXPECT_EQ(sent.attachments[1].filename, "plan cadastral.png");
    EXPECT_EQ(sent.attachments[1].content_type, "image/png");
    EXPECT_EQ(sent.attachments[1].bytes, png);
}

INSTANTIATE_TEST_SUITE_P(Drivers, OutboxTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::mail
