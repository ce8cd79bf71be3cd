// The intake and the outbox on a real database, with a fake transport standing for the IMAP and
// SMTP servers (the end-to-end test, tests/mail/, uses real ones).
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "identity/identity_service.hpp"
#include "mail/intake_rules.hpp"
#include "mail/mail_service.hpp"
#include "mail/mime.hpp"
#include "requests/schema.hpp"
#include "requests/tracking_code.hpp"
#include "storage/testing.hpp"

namespace guichet::mail {
namespace {

using storage::testing::TestDatabase;

class FakeTransport final : public MailTransport {
  public:
    Result<FolderListing> List(const Mailbox&, std::int64_t from_uid) override {
        if (down) return Fail(ErrorCode::kUnavailable, "down", "imap down");
        FolderListing l{uidvalidity, {}};
        for (const auto& [uid, raw] : messages)
            if (uid >= from_uid) l.uids.push_back(uid);
        return l;
    }
    Result<std::string> Fetch(const Mailbox&, std::int64_t, std::int64_t uid) override {
        ++fetches;
        auto it = messages.find(uid);
        if (it == messages.end()) return Fail(ErrorCode::kNotFound, "gone", "no such uid");
        return it->second;
    }
    Result<void> Send(const Mailbox&, const std::string&, const std::string& to,
                      const std::string& raw) override {
        if (down) return Fail(ErrorCode::kUnavailable, "down", "smtp down");
        sent.emplace_back(to, raw);
        return {};
    }
    Result<std::int64_t> CheckImap(const Mailbox& m) override {
        if (down) return Fail(ErrorCode::kUnavailable, "IMAP injoignable", "imap down");
        if (m.password != "x") return Fail(ErrorCode::kUnavailable, "refusé", "login denied");
        return static_cast<std::int64_t>(messages.size());
    }
    Result<void> CheckSmtp(const Mailbox&) override {
        if (down) return Fail(ErrorCode::kUnavailable, "SMTP injoignable", "smtp down");
        return {};
    }
    std::map<std::int64_t, std::string> messages;
    std::int64_t uidvalidity = 7;
    std::vector<std::pair<std::string, std::string>> sent;
    bool down = false;
    int fetches = 0;
};

std::string Message(const std::string& from, const std::string& subject, const std::string& id,
                    const std::string& extra_headers = "", const std::string& body = "Bonjour") {
    return "From: " + from + "\r\nTo: mairie@villebelle.test\r\nSubject: " + subject +
           "\r\nMessage-ID: <" + id + ">\r\n" + extra_headers +
           "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body + "\r\n";
}

class IntakeTest : public ::testing::TestWithParam<TestDatabase> {
  protected:
    void SetUp() override {
        db_ = GetParam().open();
        ASSERT_NE(db_, nullptr);
        storage::MigrationSet sets[] = {
            {"tenancy", tenancy::TenancyService::Migrations()},
            {"identity", identity::IdentityService::Migrations()},
            {"requests", requests::Migrations()},
            {"mail", MailService::Migrations()},
        };
        ASSERT_TRUE(storage::Migrate(*db_, sets));
        dir_ = std::filesystem::temp_directory_path() /
               ("guichet-mail-test-" +
                std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        tenancy_ = std::make_unique<tenancy::TenancyService>(*db_, clock_);
        requests_ = std::make_unique<requests::RequestService>(*db_, clock_, bus_, *tenancy_, dir_);
        service_ = std::make_unique<MailService>(*db_, clock_, *requests_, *tenancy_, transport_);
        auto tenant =
            tenancy_->CreateTenant({.slug = "villebelle", .name = "Mairie de Villebelle"});
        ASSERT_TRUE(tenant);
        tenant_ = tenant->id;
        auto mailbox = service_->AddMailbox(tenant_, {.imap_url = "imap://127.0.0.1:1/INBOX",
                                                      .user = "mairie",
                                                      .password = "x",
                                                      .smtp_url = "smtp://127.0.0.1:2",
                                                      .from_address = "mairie@villebelle.test"});
        ASSERT_TRUE(mailbox) << mailbox.error().detail;
        mailbox_ = *mailbox;
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    Outcome Deliver(std::int64_t uid, const std::string& raw) {
        return service_->Process(mailbox_, 7, uid, raw);
    }
    std::vector<requests::TimelineEntry> Timeline(const std::string& id) {
        return *requests_->Timeline(tenant_, id, false);
    }

    // A Monday at 10:00 in Paris.
    FakeClock clock_{FromUnixMillis(1'773'133'200'000)};
    bus::InProcessBus bus_;
    std::unique_ptr<storage::Database> db_;
    std::filesystem::path dir_;
    std::unique_ptr<tenancy::TenancyService> tenancy_;
    std::unique_ptr<requests::RequestService> requests_;
    FakeTransport transport_;
    std::unique_ptr<MailService> service_;
    std::string tenant_;
    Mailbox mailbox_;
};

TEST_P(IntakeTest, NewMessageBecomesAcknowledgedRequest) {
    Outcome o = Deliver(1, Message("José Dupré <Jose@Example.org>", "Lampadaire éteint", "m1@ex"));
    ASSERT_EQ(o.action, Outcome::Action::kCreated) << o.reason;
    EXPECT_TRUE(o.acknowledged);
    auto q = requests_->Get(tenant_, o.request_id);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->channel, requests::Channel::kEmail);
    EXPECT_EQ(q->citizen.email.value_or(""), "jose@example.org");
    EXPECT_EQ(q->citizen.name, "José Dupré");
    EXPECT_EQ(q->subject, "Lampadaire éteint");
    EXPECT_EQ(q->description, "Bonjour");
    EXPECT_EQ(q->external_ref.value_or(""), "m1@ex");
    EXPECT_FALSE(q->acknowledged_at);

    EXPECT_EQ(service_->SendDue(), 1u);
    ASSERT_EQ(transport_.sent.size(), 1u);
    EXPECT_EQ(transport_.sent[0].first, "jose@example.org");
    ParsedMail ack = ParseMail(transport_.sent[0].second);
    EXPECT_EQ(ack.auto_submitted, "auto-replied");
    EXPECT_EQ(ack.in_reply_to, "m1@ex");
    EXPECT_NE(ack.subject.find(q->tracking_code), std::string::npos);
    EXPECT_NE(ack.text.find(q->tracking_code), std::string::npos);
    EXPECT_NE(ack.text.find("au plus tard le "), std::string::npos);
    // Issue 11: the deadline is its last day, « …, fin de journée », never the next day « à 0 h ».
    EXPECT_NE(ack.text.find(", fin de journée."), std::string::npos) << ack.text;
    EXPECT_EQ(ack.text.find(" à 0 h"), std::string::npos) << ack.text;
    EXPECT_EQ(service_->SendDue(), 0u);  // Sent once.
    q = requests_->Get(tenant_, o.request_id);
    EXPECT_TRUE(q->acknowledged_at);
    bool recorded = false;
    for (const auto& e : Timeline(q->id))
        if (e.type == "message_out" && e.data_json.find("acknowledgement") != std::string::npos)
            recorded = true;
    EXPECT_TRUE(recorded);

    // The citizen answers the acknowledgement: threaded, not a new request, no second reply.
    Outcome reply =
        Deliver(2, Message("jose@example.org", "Re: " + ack.subject, "m2@ex",
                           "In-Reply-To: <" + ack.message_id + ">\r\n", "Voici une photo."));
    EXPECT_EQ(reply.action, Outcome::Action::kThreaded);
    EXPECT_EQ(reply.request_id, q->id);
    EXPECT_EQ(service_->SendDue(), 0u);
    bool threaded = false;
    for (const auto& e : Timeline(q->id))
        if (e.type == "message_in" && e.data_json.find("Voici une photo.") != std::string::npos)
            threaded = true;
    EXPECT_TRUE(threaded);
}

TEST_P(IntakeTest, IdempotentPerUidAndMessageId) {
    const std::string raw = Message("a@example.org", "Une question", "same@ex");
    Outcome first = Deliver(1, raw);
    ASSERT_EQ(first.action, Outcome::Action::kCreated);
    EXPECT_EQ(Deliver(1, raw).action, Outcome::Action::kSkipped);
    Outcome again = Deliver(5, raw);  // The same message under another UID.
    EXPECT_EQ(again.action, Outcome::Action::kDuplicate);
    EXPECT_EQ(again.request_id, first.request_id);
    EXPECT_EQ(requests_->List(tenant_, {})->items.size(), 1u);
}

TEST_P(IntakeTest, TrackingCodeThreadsOnlyFromTheSameCitizen) {
    Outcome first = Deliver(1, Message("a@example.org", "Poubelles", "p1@ex"));
    auto q = *requests_->Get(tenant_, first.request_id);
    Outcome same = Deliver(2, Message("A@example.org", "Suite " + q.tracking_code, "p2@ex"));
    EXPECT_EQ(same.action, Outcome::Action::kThreaded);
    EXPECT_EQ(same.request_id, q.id);
    Outcome other = Deliver(3, Message("b@example.org", "Suite " + q.tracking_code, "p3@ex"));
    EXPECT_EQ(other.action, Outcome::Action::kCreated);
}

TEST_P(IntakeTest, NoAutoReplyToRobotsListsAndLoops) {
    struct Case {
        std::string from, headers;
        bool automatic;  // Kept in the automatic mails rather than opening a request.
    };
    const Case cases[] = {
        {"a1@example.org", "Auto-Submitted: auto-replied\r\n", true},
        {"a2@example.org", "Precedence: bulk\r\n", true},
        {"a3@example.org", "List-Id: <annonces.example.org>\r\n", true},
        {"a4@example.org", "X-Auto-Response-Suppress: All\r\n", false},
        {"a5@example.org", "X-Autoreply: yes\r\n", true},
        {"a6@example.org", "Precedence: auto_reply\r\n", true},
        {"MAILER-DAEMON@example.org", "", true},
        {"noreply@example.org", "", true},
        {"mairie@villebelle.test", "", true},  // Our own address: a loop.
    };
    int uid = 1;
    for (const auto& c : cases) {
        Outcome o = Deliver(
            uid, Message(c.from, "Absence", "auto" + std::to_string(uid) + "@ex", c.headers));
        EXPECT_EQ(o.action, c.automatic ? Outcome::Action::kAutomatic : Outcome::Action::kCreated)
            << c.from;
        EXPECT_FALSE(o.acknowledged) << c.from;
        EXPECT_FALSE(o.reason.empty()) << c.from;
        ++uid;
    }
    EXPECT_EQ(service_->SendDue(), 0u);
    // Only the one a person wrote is a request; the others wait for an administrator.
    EXPECT_EQ(requests_->List(tenant_, {})->items.size(), 1u);
    std::int64_t total = 0;
    auto automatic = service_->AutomaticMails(tenant_, mailbox_.id, 3, &total);
    ASSERT_TRUE(automatic);
    EXPECT_EQ(total, 8);
    ASSERT_EQ(automatic->size(), 3u);
    EXPECT_EQ(automatic->front().subject, "Absence");
    EXPECT_EQ(service_->Activity(tenant_)->at(mailbox_.id).automatic, 8);
    // Seen again under another UID: kept once.
    EXPECT_EQ(Deliver(40, Message("a1@example.org", "Absence", "auto1@ex",
                                  "Auto-Submitted: auto-replied\r\n"))
                  .action,
              Outcome::Action::kAutomatic);
    ASSERT_TRUE(service_->AutomaticMails(tenant_, mailbox_.id, 50, &total));
    EXPECT_EQ(total, 8);
    // Two messages from one address within the window: one acknowledgement.
    EXPECT_TRUE(Deliver(20, Message("c@example.org", "Un", "c1@ex")).acknowledged);
    EXPECT_FALSE(Deliver(21, Message("c@example.org", "Deux", "c2@ex")).acknowledged);
    clock_.Advance(std::chrono::minutes(11));
    EXPECT_TRUE(Deliver(22, Message("c@example.org", "Trois", "c3@ex")).acknowledged);
}

TEST_P(IntakeTest, HostileMessagesEndAsRequests) {
    // No body, no subject, no sender.
    Outcome empty = Deliver(1, "Message-ID: <e@ex>\r\n\r\n");
    ASSERT_EQ(empty.action, Outcome::Action::kCreated) << empty.reason;
    auto q = *requests_->Get(tenant_, empty.request_id);
    EXPECT_EQ(q.subject, "(sans objet)");
    EXPECT_EQ(q.citizen.name, "Expéditeur inconnu");
    EXPECT_FALSE(empty.acknowledged);
    // Pure garbage.
    Outcome garbage = Deliver(2, std::string("\xff\xfe\x00\x01garbage", 11));
    EXPECT_EQ(garbage.action, Outcome::Action::kCreated) << garbage.reason;
    // An attachment is stored with the request.
    const std::string with_file =
        "From: d@example.org\r\nSubject: Pièce\r\nMessage-ID: <f@ex>\r\n"
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
        "Voir pièce\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; "
        "filename=plan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n";
    Outcome file = Deliver(3, with_file);
    ASSERT_EQ(file.action, Outcome::Action::kCreated) << file.reason;
    auto attachments = requests_->Attachments(tenant_, file.request_id);
    ASSERT_TRUE(attachments);
    ASSERT_EQ(attachments->size(), 1u);
    EXPECT_EQ((*attachments)[0].filename, "plan.pdf");
    EXPECT_EQ(Deliver(3, with_file).action, Outcome::Action::kSkipped);
    EXPECT_EQ(requests_->Attachments(tenant_, file.request_id)->size(), 1u);
}

TEST_P(IntakeTest, PollerSkipsWhatFailsAndNeverStops) {
    transport_.messages[1] = Message("a@example.org", "Un", "u1@ex");
    transport_.messages[3] = Message("b@example.org", "Trois", "u3@ex");
    // UID 2 is listed but cannot be fetched (it vanished).
    struct Listing final : MailTransport {
        FakeTransport& inner;
        explicit Listing(FakeTransport& t) : inner(t) {}
        Result<FolderListing> List(const Mailbox& m, std::int64_t from) override {
            auto l = inner.List(m, from);
            if (l && from <= 2) {
                l->uids.push_back(2);
                std::sort(l->uids.begin(), l->uids.end());
            }
            return l;
        }
        Result<std::string> Fetch(const Mailbox& m, std::int64_t v, std::int64_t uid) override {
            return inner.Fetch(m, v, uid);
        }
        Result<void> Send(const Mailbox& m, const std::string& f, const std::string& t,
                          const std::string& r) override {
            return inner.Send(m, f, t, r);
        }
        Result<std::int64_t> CheckImap(const Mailbox& m) override { return inner.CheckImap(m); }
        Result<void> CheckSmtp(const Mailbox& m) override { return inner.CheckSmtp(m); }
    } listing(transport_);
    MailService service(*db_, clock_, *requests_, *tenancy_, listing);
    for (int round = 0; round < 3; ++round) {
        auto boxes = service.ListMailboxes(tenant_);
        auto report = service.PollMailbox(boxes->front());
        ASSERT_TRUE(report);
        if (round == 0) {
            EXPECT_EQ(report->created, 2u);
            EXPECT_EQ(report->failed, 1u);
        }
        if (round == 2) {
            EXPECT_EQ(report->rejected, 1u);
        }
    }
    auto boxes = service.ListMailboxes(tenant_);
    EXPECT_EQ(boxes->front().last_uid, 3);
    EXPECT_EQ(boxes->front().uidvalidity, 7);
    EXPECT_EQ(requests_->List(tenant_, {})->items.size(), 2u);
    // Later polls fetch only what is new.
    const int fetches = transport_.fetches;
    transport_.messages[4] = Message("c@example.org", "Quatre", "u4@ex");
    auto report = service.PollMailbox(service.ListMailboxes(tenant_)->front());
    ASSERT_TRUE(report);
    EXPECT_EQ(report->created, 1u);
    EXPECT_EQ(transport_.fetches, fetches + 1);
    // A server that is down is an error of this poll, not a stop.
    transport_.down = true;
    EXPECT_FALSE(service.PollMailbox(service.ListMailboxes(tenant_)->front()));
    EXPECT_EQ(service.PollAll().mailboxes, 1u);
}

TEST_P(IntakeTest, AnswerIsSignedAndThreaded) {
    Outcome o = Deliver(1, Message("José <jose@example.org>", "Acte de naissance", "n1@ex"));
    auto q = *requests_->Get(tenant_, o.request_id);
    requests::Outgoing answer{.kind = "answer", .body = "Votre acte est prêt.", .channel = "email"};
    auto deliver = service_->PrepareAnswer(tenant_, answer, {"Élodie", "État civil"});
    ASSERT_TRUE(deliver);
    ASSERT_TRUE(*deliver);
    ASSERT_TRUE(
        requests_->AddOutgoing(tenant_, q.id, answer, {"agent", "a1", "Élodie Roy"}, *deliver));
    transport_.down = true;
    EXPECT_EQ(service_->SendDue(), 0u);  // Retried later.
    transport_.down = false;
    clock_.Advance(std::chrono::minutes(5));
    EXPECT_EQ(service_->SendDue(), 2u);  // The acknowledgement and the answer.
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
TEST_P(IntakeTest, APortalRequestAndItsAcknowledgementCommitTogether) {
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
    auto deliver = service_->PrepareAcknowledgement(tenant_, *web.citizen.email);
    ASSERT_TRUE(deliver) << deliver.error().detail;
    ASSERT_TRUE(*deliver);

    // The request's write fails after the row: neither the request nor the row remain.
    auto failed =
        requests_->Create(tenant_, web, citizen,
                          [&](storage::Connection& c, const requests::Request& q) -> Result<void> {
                              GUICHET_CHECK((*deliver)(c, q));
                              return Fail(ErrorCode::kUnavailable, "panne", "simulated failure");
                          });
    ASSERT_FALSE(failed);
    EXPECT_EQ(acknowledgements(), 0);

    auto created = requests_->Create(tenant_, web, citizen, *deliver);
    ASSERT_TRUE(created) << created.error().detail;
    EXPECT_EQ(acknowledgements(), 1);
    EXPECT_EQ(service_->SendDue(), 1u);
    ASSERT_EQ(transport_.sent.size(), 1u);
    EXPECT_NE(ParseMail(transport_.sent[0].second).text.find(created->tracking_code),
              std::string::npos);
    // The same address again within the window: no second automatic e-mail (no loops).
    auto again = service_->PrepareAcknowledgement(tenant_, "Ines.Moreau@example.org");
    ASSERT_TRUE(again);
    EXPECT_FALSE(*again);
}

TEST_P(IntakeTest, AnswerAndItsOutboxRowCommitTogether) {
    Outcome o = Deliver(1, Message("José <jose@example.org>", "Carte d'identité", "t1@ex"));
    const auto before = *requests_->Get(tenant_, o.request_id);
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
    auto deliver = service_->PrepareAnswer(tenant_, answer, {"Élodie", "État civil"});
    ASSERT_TRUE(deliver) << deliver.error().detail;
    ASSERT_TRUE(*deliver);

    // Something fails after the outbox row is written, still inside the transaction.
    auto failed = requests_->AddOutgoing(
        tenant_, before.id, answer, agent,
        [&](storage::Connection& c, const requests::Request& q) -> Result<void> {
            GUICHET_CHECK((*deliver)(c, q));
            EXPECT_EQ(q.id, before.id);
            return Fail(ErrorCode::kUnavailable, "panne", "simulated failure after the row");
        });
    ASSERT_FALSE(failed);
    EXPECT_EQ(outbox("answer"), 0);
    EXPECT_EQ(answers(), 0);
    EXPECT_EQ(requests_->Get(tenant_, before.id)->version, before.version);

    // Committed: the answer and its row, once each; the row is what SendDue sends.
    auto recorded = requests_->AddOutgoing(tenant_, before.id, answer, agent, *deliver);
    ASSERT_TRUE(recorded) << recorded.error().detail;
    EXPECT_EQ(outbox("answer"), 1);
    EXPECT_EQ(answers(), 1);
    EXPECT_EQ(service_->SendDue(), 2u);  // The acknowledgement and the answer.
    ASSERT_EQ(transport_.sent.size(), 2u);
    EXPECT_NE(ParseMail(transport_.sent[1].second).text.find("Le dossier est complet."),
              std::string::npos);

    // A request without e-mail: the hook writes nothing and the answer is recorded.
    requests::NewRequest counter;
    counter.channel = requests::Channel::kCounter;
    counter.citizen.name = "Marc";
    counter.subject = "Question";
    counter.description = "Au guichet";
    auto q = requests_->Create(tenant_, counter, agent);
    ASSERT_TRUE(q);
    ASSERT_TRUE(requests_->AddOutgoing(tenant_, q->id, answer, agent, *deliver));
    EXPECT_EQ(service_->SendDue(), 0u);
}

// An agent's answer carrying two of the request's files: the mail has both as parts, named and
// typed as on the request; the files become the citizen's to see and the timeline names them.
// A file that is not the request's refuses the answer, and nothing is written.
TEST_P(IntakeTest, AnswerCarriesTheRequestsFiles) {
    Outcome o = Deliver(1, Message("José <jose@example.org>", "Permis de construire", "f1@ex"));
    const auto q = *requests_->Get(tenant_, o.request_id);
    const requests::Actor agent{"agent", "a1", "Élodie Roy"};
    const std::string pdf = "%PDF-1.4\n% arrêté\n%%EOF\n";
    const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    auto decision = requests_->AddAttachment(tenant_, q.id, "arrêté n°12.pdf",
                                             "application/octet-stream", pdf, agent);
    auto plan =
        requests_->AddAttachment(tenant_, q.id, "plan cadastral.png", "image/png", png, agent);
    ASSERT_TRUE(decision && plan);
    EXPECT_EQ(decision->content_type, "application/pdf");  // Typed by its content.
    EXPECT_FALSE(decision->shared);
    requests::NewRequest counter;
    counter.channel = requests::Channel::kCounter;
    counter.citizen.name = "Marc";
    counter.subject = "Autre";
    counter.description = "Au guichet";
    auto other = requests_->Create(tenant_, counter, agent);
    ASSERT_TRUE(other);
    auto foreign =
        requests_->AddAttachment(tenant_, other->id, "autre.pdf", "application/pdf", pdf, agent);
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
        auto checked = requests_->AnswerFiles(tenant_, q.id, answer.attachment_ids);
        ASSERT_FALSE(checked);
        EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(checked.error().message.find(wrong), std::string::npos);
        // An unknown id cannot even be read; another request's file is read, then refused by
        // AddOutgoing before its hook writes the outbox row.
        auto deliver = service_->PrepareAnswer(tenant_, answer, {"Élodie", "Urbanisme"});
        EXPECT_EQ(static_cast<bool>(deliver), wrong == foreign->id);
        auto refused = requests_->AddOutgoing(tenant_, q.id, answer, agent,
                                              deliver ? *deliver : requests::AlsoInTransaction());
        ASSERT_FALSE(refused);
        EXPECT_NE(refused.error().message.find(wrong), std::string::npos);
    }
    EXPECT_EQ(outbox(), 0);
    EXPECT_EQ(requests_->Get(tenant_, q.id)->version, q.version + 2);  // The two uploads only.
    EXPECT_TRUE(requests_->Attachments(tenant_, q.id, true)->empty());
    // Too many files, or the same twice.
    std::vector<std::string> many(11, decision->id);
    EXPECT_FALSE(requests_->AnswerFiles(tenant_, q.id, many));
    EXPECT_FALSE(requests_->AnswerFiles(tenant_, q.id, {plan->id, plan->id}));

    requests::Outgoing answer{.kind = "answer",
                              .body = "Voici la décision et le plan.",
                              .channel = "email",
                              .attachment_ids = {decision->id, plan->id}};
    auto deliver = service_->PrepareAnswer(tenant_, answer, {"Élodie", "Urbanisme"});
    ASSERT_TRUE(deliver) << deliver.error().detail;
    auto recorded = requests_->AddOutgoing(tenant_, q.id, answer, agent, *deliver);
    ASSERT_TRUE(recorded) << recorded.error().detail;
    EXPECT_EQ(outbox(), 1);

    // Shared with the citizen, and named in the timeline.
    auto shared = requests_->Attachments(tenant_, q.id, true);
    ASSERT_TRUE(shared);
    ASSERT_EQ(shared->size(), 2u);
    const auto timeline = Timeline(q.id);
    const auto& entry = timeline.back();
    EXPECT_EQ(entry.type, "message_out");
    EXPECT_NE(entry.data_json.find("\"attachments\":[{\"id\":\"" + decision->id),
              std::string::npos);
    EXPECT_NE(entry.data_json.find("plan cadastral.png"), std::string::npos);

    EXPECT_EQ(service_->SendDue(), 2u);  // The acknowledgement and the answer.
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

TEST_P(IntakeTest, MailboxSettings) {
    // Wrong settings name their field and change nothing.
    NewMailbox bad{.imap_url = "http://x/INBOX",
                   .user = "u",
                   .password = "p",
                   .smtp_url = "smtp://h:25",
                   .from_address = "a@b.fr"};
    auto wrong = service_->CheckMailbox(tenant_, bad, true);
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->field, "imap_url");
    bad.imap_url = "imap://h/INBOX";
    bad.from_name = "Mairie\r\nBcc: x@y.fr";
    EXPECT_EQ(service_->CheckMailbox(tenant_, bad, true)->field, "from_name");
    bad.from_name.clear();
    bad.default_category_id = "nope";
    EXPECT_EQ(service_->CheckMailbox(tenant_, bad, true)->field, "default_category_id");
    bad.default_category_id.reset();
    bad.password.clear();
    EXPECT_EQ(service_->CheckMailbox(tenant_, bad, true)->field, "password");
    EXPECT_FALSE(service_->CheckMailbox(tenant_, bad, false));  // Kept in an update.
    EXPECT_FALSE(service_->AddMailbox(tenant_, bad));
    EXPECT_EQ(service_->ListMailboxes(tenant_)->size(), 1u);

    // An update keeps the password when none is given, and the intake position when the account
    // is the same.
    Deliver(1, Message("a@example.org", "Un", "s1@ex"));
    ASSERT_TRUE(service_->PollMailbox(mailbox_));
    transport_.messages[4] = Message("a@example.org", "Quatre", "s4@ex");
    ASSERT_TRUE(service_->PollMailbox(*service_->GetMailbox(tenant_, mailbox_.id)));
    auto general = requests_->GeneralCategory(tenant_);
    ASSERT_TRUE(general);
    NewMailbox change{.imap_url = mailbox_.imap_url,
                      .user = mailbox_.user,
                      .smtp_url = "smtp://127.0.0.1:2525",
                      .from_address = "Mairie@Villebelle.test",
                      .from_name = "Accueil",
                      .default_category_id = general->id};
    auto updated = service_->UpdateMailbox(tenant_, mailbox_.id, change);
    ASSERT_TRUE(updated) << updated.error().detail;
    EXPECT_EQ(updated->password, "x");
    EXPECT_EQ(updated->from_address, "mairie@villebelle.test");
    EXPECT_EQ(updated->last_uid, 4);
    EXPECT_EQ(updated->default_category_id.value_or(""), general->id);
    EXPECT_TRUE(service_->CheckConnection(*updated).imap_ok);
    EXPECT_EQ(service_->Activity(tenant_)->at(mailbox_.id).received, 2);

    // Another account: read again from the start; what was handled is not opened twice.
    clock_.Advance(std::chrono::minutes(1));
    change.imap_url = "imap://127.0.0.1:1/Archives";
    change.password = "y";
    updated = service_->UpdateMailbox(tenant_, mailbox_.id, change);
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->last_uid, 0);
    EXPECT_EQ(updated->password, "y");
    const auto wrong_login = service_->CheckConnection(*updated);
    EXPECT_FALSE(wrong_login.imap_ok);
    EXPECT_EQ(wrong_login.imap_message, "refusé");
    transport_.messages[1] = Message("a@example.org", "Un", "s1@ex");
    transport_.messages[2] = Message("b@example.org", "Deux", "s2@ex");
    auto report = service_->PollMailbox(*updated);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->created, 1u);  // Only the new message; the others are duplicates.
    EXPECT_EQ(requests_->List(tenant_, {})->items.size(), 3u);

    // Paused: not read.
    change.enabled = false;
    ASSERT_TRUE(service_->UpdateMailbox(tenant_, mailbox_.id, change));
    transport_.messages[9] = Message("c@example.org", "Neuf", "s9@ex");
    EXPECT_EQ(service_->PollAll().mailboxes, 0u);
    EXPECT_EQ(requests_->List(tenant_, {})->items.size(), 3u);

    // A mailbox with history cannot be removed; a new one can.
    auto removed = service_->DeleteMailbox(tenant_, mailbox_.id);
    ASSERT_FALSE(removed);
    EXPECT_EQ(removed.error().code, ErrorCode::kFailedPrecondition);
    auto spare = service_->AddMailbox(tenant_, {.imap_url = "imap://127.0.0.1:1/Spare",
                                                .user = "mairie",
                                                .password = "x",
                                                .smtp_url = "smtp://127.0.0.1:2",
                                                .from_address = "spare@villebelle.test"});
    ASSERT_TRUE(spare);
    EXPECT_TRUE(service_->DeleteMailbox(tenant_, spare->id));
    EXPECT_EQ(service_->GetMailbox(tenant_, spare->id).error().code, ErrorCode::kNotFound);
}

// Two administrators edit the same mailbox from version 1: the second is refused (412
// "stale-version") inside the transaction, and nothing of the first is overwritten. A removal
// names its version too.
TEST_P(IntakeTest, MailboxChangesNameTheirVersion) {
    EXPECT_EQ(mailbox_.version, 1);
    NewMailbox first{.imap_url = mailbox_.imap_url,
                     .user = mailbox_.user,
                     .smtp_url = mailbox_.smtp_url,
                     .from_address = mailbox_.from_address,
                     .from_name = "Accueil"};
    NewMailbox second = first;
    second.from_name = "État civil";
    auto updated = service_->UpdateMailbox(tenant_, mailbox_.id, first, 1);
    ASSERT_TRUE(updated) << updated.error().detail;
    EXPECT_EQ(updated->version, 2);
    auto stale = service_->UpdateMailbox(tenant_, mailbox_.id, second, 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(stale.error().type, "stale-version");
    auto stored = service_->GetMailbox(tenant_, mailbox_.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->from_name, "Accueil");
    EXPECT_EQ(stored->version, 2);
    // The poller's own writes (position, errors) are no change of the settings.
    ASSERT_TRUE(service_->PollMailbox(*stored));
    transport_.down = true;
    service_->PollAll();
    transport_.down = false;
    EXPECT_EQ(service_->GetMailbox(tenant_, mailbox_.id)->version, 2);
    // nullopt (If-Match: *, the CLI) overwrites whatever is stored.
    updated = service_->UpdateMailbox(tenant_, mailbox_.id, second, std::nullopt);
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->version, 3);
    EXPECT_EQ(updated->from_name, "État civil");

    auto spare = service_->AddMailbox(tenant_, {.imap_url = "imap://127.0.0.1:1/Spare",
                                                .user = "mairie",
                                                .password = "x",
                                                .smtp_url = "smtp://127.0.0.1:2",
                                                .from_address = "spare@villebelle.test"});
    ASSERT_TRUE(spare);
    auto removed = service_->DeleteMailbox(tenant_, spare->id, 2);
    ASSERT_FALSE(removed);
    EXPECT_EQ(removed.error().type, "stale-version");
    EXPECT_TRUE(service_->GetMailbox(tenant_, spare->id));
    EXPECT_TRUE(service_->DeleteMailbox(tenant_, spare->id, 1));
}

// A server port is a number from 1 to 65535: 4294967297 is not read as port 1.
TEST_P(IntakeTest, MailboxPortsAreChecked) {
    NewMailbox in{.imap_url = "imap://127.0.0.1:993/INBOX",
                  .user = "u",
                  .password = "p",
                  .smtp_url = "smtp://127.0.0.1:587",
                  .from_address = "a@villebelle.test"};
    EXPECT_FALSE(service_->CheckMailbox(tenant_, in, true));
    for (const char* url : {"imap://h:4294967297/INBOX", "imap://h:70000/INBOX", "imap://h:0/",
                            "imap://h:-1/INBOX", "imap://h:99x/INBOX", "imaps://[::1]x/INBOX"}) {
        NewMailbox bad = in;
        bad.imap_url = url;
        auto wrong = service_->CheckMailbox(tenant_, bad, true);
        ASSERT_TRUE(wrong) << url;
        EXPECT_EQ(wrong->field, "imap_url") << url;
    }
    for (const char* url : {"smtp://h:4294967297", "smtps://h:70000", "smtp://[::1]:65536"}) {
        NewMailbox bad = in;
        bad.smtp_url = url;
        auto wrong = service_->CheckMailbox(tenant_, bad, true);
        ASSERT_TRUE(wrong) << url;
        EXPECT_EQ(wrong->field, "smtp_url") << url;
    }
    for (const char* url : {"imap://u@h:143/INBOX", "imaps://[::1]:993/INBOX", "imap://h"}) {
        NewMailbox good = in;
        good.imap_url = url;
        EXPECT_FALSE(service_->CheckMailbox(tenant_, good, true)) << url;
    }
    // A folder with a broken escape is refused too, rather than read as written.
    NewMailbox bad = in;
    bad.imap_url = "imap://h/Bo%ZZte";
    EXPECT_FALSE(SplitImapUrl(bad.imap_url));
    ASSERT_TRUE(service_->CheckMailbox(tenant_, bad, true));
    EXPECT_EQ(SplitImapUrl("imap://h/Bo%C3%AEte")->folder, "Boîte");
}

// The rules of the request hooks (RequestMail): portal requests with an address are
// acknowledged, others not; only the "email" channel leaves; an agent's answer is signed with
// the agent's service when the request has none, read through identity's interface.
TEST_P(IntakeTest, RequestMailHooks) {
    RequestMail& hooks = service_->request_mail();
    requests::NewRequest portal;
    portal.channel = requests::Channel::kWeb;
    portal.citizen.email = "jose@example.org";
    auto ack = hooks.OnCreate(tenant_, portal);
    ASSERT_TRUE(ack);
    EXPECT_TRUE(*ack);
    requests::NewRequest counter = portal;
    counter.channel = requests::Channel::kCounter;
    EXPECT_FALSE(*hooks.OnCreate(tenant_, counter));
    portal.citizen.email.reset();
    EXPECT_FALSE(*hooks.OnCreate(tenant_, portal));

    Outcome o = Deliver(1, Message("José <jose@example.org>", "Acte de naissance", "h1@ex"));
    auto q = *requests_->Get(tenant_, o.request_id);
    ASSERT_FALSE(q.service_id);
    identity::IdentityService identity(*db_, clock_,
                                       {.password_cost = identity::PasswordCost::Minimum()});
    auto service = tenancy_->CreateService(tenant_, {.name = "État civil"});
    ASSERT_TRUE(service);
    auto agent = identity.CreateAgent(tenant_,
                                      {.email = "elodie@villebelle.test",
                                       .display_name = "Élodie Roy",
                                       .password = "Un-mot-de-passe-assez-long-1",
                                       .roles = {identity::Role::kCaseAgent},
                                       .service_id = service->id},
                                      {"cli", std::nullopt, ""});
    ASSERT_TRUE(agent) << agent.error().detail;
    requests::Outgoing letter{
        .kind = "answer", .body = "Votre acte est prêt.", .channel = "letter"};
    const requests::Actor elodie{"agent", agent->id, "Élodie Roy"};
    EXPECT_FALSE(*hooks.OnOutgoing(q, letter, elodie));
    requests::Outgoing answer{.kind = "answer", .body = "Votre acte est prêt.", .channel = "email"};
    auto deliver = hooks.OnOutgoing(q, answer, elodie);
    ASSERT_TRUE(deliver) << deliver.error().detail;
    ASSERT_TRUE(*deliver);
    ASSERT_TRUE(requests_->AddOutgoing(tenant_, q.id, answer, elodie, *deliver));
    EXPECT_EQ(service_->SendDue(), 2u);  // The acknowledgement and the answer.
    ASSERT_EQ(transport_.sent.size(), 2u);
    ParsedMail sent = ParseMail(transport_.sent[1].second);
    EXPECT_NE(sent.text.find("Élodie\nÉtat civil\nMairie de Villebelle"), std::string::npos)
        << sent.text;
}

INSTANTIATE_TEST_SUITE_P(Drivers, IntakeTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

TEST(IntakeRules, Rfc3834) {
    ParsedMail m;
    m.from = MailAddress{"", "Citoyen@Example.org"};
    EXPECT_FALSE(NoAutoReplyReason(m, {"mairie@villebelle.test"}));
    EXPECT_TRUE(NoAutoReplyReason(m, {"citoyen@example.org"}));
    m.auto_submitted = "no";
    EXPECT_FALSE(NoAutoReplyReason(m, {}));
    m.auto_submitted = "auto-generated";
    EXPECT_TRUE(NoAutoReplyReason(m, {}));
    m.auto_submitted.clear();
    m.precedence = "list";
    EXPECT_TRUE(NoAutoReplyReason(m, {}));
    m.precedence = "first-class";
    EXPECT_FALSE(NoAutoReplyReason(m, {}));
    m.from = MailAddress{"", "bounces+1234@lists.example.org"};
    EXPECT_TRUE(NoAutoReplyReason(m, {}));
    m.from.reset();
    EXPECT_TRUE(NoAutoReplyReason(m, {}));
}

TEST(IntakeRules, SubjectNamesOneCode) {
    const std::string other = requests::NewTrackingCode(), own = requests::NewTrackingCode();
    EXPECT_EQ(SubjectWithCode("Re: [" + other + "] Accusé de réception : Bruit", own),
              "Re: Accusé de réception : Bruit [" + own + "]");
    EXPECT_EQ(SubjectWithCode("Accusé de réception de votre demande " + own, own),
              "Accusé de réception de votre demande " + own);
    EXPECT_EQ(SubjectWithCode("Suite " + other, own), "Suite [" + own + "]");
    EXPECT_EQ(SubjectWithCode("", own), "[" + own + "]");
}

TEST(IntakeRules, ProgramsAreAutomatic) {
    ParsedMail m;
    m.from = MailAddress{"", "citoyen@example.org"};
    EXPECT_FALSE(AutomaticReason(m, {}));
    m.auto_response_suppress = true;  // Outlook sets it on ordinary mail too: not enough.
    EXPECT_FALSE(AutomaticReason(m, {}));
    EXPECT_TRUE(NoAutoReplyReason(m, {}));
    m.x_autoreply = "yes";
    EXPECT_TRUE(AutomaticReason(m, {}));
    m.x_autoreply.clear();
    m.delivery_report = true;
    EXPECT_TRUE(AutomaticReason(m, {}));
}

TEST(IntakeRules, ThreadIdsAndTrackingCodes) {
    ParsedMail m;
    m.in_reply_to = "c";
    m.references = {"a", "b", "c"};
    EXPECT_EQ(ThreadIds(m), (std::vector<std::string>{"c", "b", "a"}));
    EXPECT_FALSE(TrackingCodeIn("Re: rien"));
    EXPECT_FALSE(TrackingCodeIn("AAA-AAA-AAAA"));
}

}  // namespace
}  // namespace guichet::mail
