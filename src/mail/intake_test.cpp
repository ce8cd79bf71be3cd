// The intake on a real database, with a fake transport standing for the IMAP and SMTP servers
// (the end-to-end tests, tests/mail/, use real ones); the intake rules as pure functions.
#include "mail/mail_test_support.hpp"

#include "mail/intake_rules.hpp"

namespace guichet::mail {
namespace {

using storage::testing::TestDatabase;
using test_support::FakeTransport;
using test_support::IntakeTest;
using test_support::Message;

TEST_P(IntakeTest, NewMessageBecomesAcknowledgedRequest) {
    Outcome o = Deliver(1, Message("José Dupré <Jose@Example.org>", "Lampadaire éteint", "m1@ex"));
    ASSERT_EQ(o.action, Outcome::Action::kCreated) << o.reason;
    EXPECT_TRUE(o.acknowledged);
    auto q = requests_->queries.Get(tenant_, o.request_id);
    ASSERT_TRUE(q);
    EXPECT_EQ(q->channel, requests::Channel::kEmail);
    EXPECT_EQ(q->citizen.email.value_or(""), "jose@example.org");
    EXPECT_EQ(q->citizen.name, "José Dupré");
    EXPECT_EQ(q->subject, "Lampadaire éteint");
    EXPECT_EQ(q->description, "Bonjour");
    EXPECT_EQ(q->external_ref.value_or(""), "m1@ex");
    EXPECT_FALSE(q->acknowledged_at);

    EXPECT_EQ(outbox_->SendDue(), 1u);
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
    EXPECT_EQ(outbox_->SendDue(), 0u);  // Sent once.
    q = requests_->queries.Get(tenant_, o.request_id);
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
    EXPECT_EQ(outbox_->SendDue(), 0u);
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
    EXPECT_EQ(requests_->queries.List(tenant_, {})->items.size(), 1u);
}

TEST_P(IntakeTest, TrackingCodeThreadsOnlyFromTheSameCitizen) {
    Outcome first = Deliver(1, Message("a@example.org", "Poubelles", "p1@ex"));
    auto q = *requests_->queries.Get(tenant_, first.request_id);
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
    EXPECT_EQ(outbox_->SendDue(), 0u);
    // Only the one a person wrote is a request; the others wait for an administrator.
    EXPECT_EQ(requests_->queries.List(tenant_, {})->items.size(), 1u);
    std::int64_t total = 0;
    auto automatic = admin_->AutomaticMails(tenant_, mailbox_.id, 3, &total);
    ASSERT_TRUE(automatic);
    EXPECT_EQ(total, 8);
    ASSERT_EQ(automatic->size(), 3u);
    EXPECT_EQ(automatic->front().subject, "Absence");
    EXPECT_EQ(admin_->Activity(tenant_)->at(mailbox_.id).automatic, 8);
    // Seen again under another UID: kept once.
    EXPECT_EQ(Deliver(40, Message("a1@example.org", "Absence", "auto1@ex",
                                  "Auto-Submitted: auto-replied\r\n"))
                  .action,
              Outcome::Action::kAutomatic);
    ASSERT_TRUE(admin_->AutomaticMails(tenant_, mailbox_.id, 50, &total));
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
    auto q = *requests_->queries.Get(tenant_, empty.request_id);
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
    auto attachments = requests_->attachments.Attachments(tenant_, file.request_id);
    ASSERT_TRUE(attachments);
    ASSERT_EQ(attachments->size(), 1u);
    EXPECT_EQ((*attachments)[0].filename, "plan.pdf");
    EXPECT_EQ(Deliver(3, with_file).action, Outcome::Action::kSkipped);
    EXPECT_EQ(requests_->attachments.Attachments(tenant_, file.request_id)->size(), 1u);
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
    MailOutbox outbox(*db_, clock_, requests_->services(), *tenancy_, listing);
    MailIntake intake(*db_, clock_, requests_->services(), *tenancy_, listing, outbox);
    for (int round = 0; round < 3; ++round) {
        auto boxes = admin_->ListMailboxes(tenant_);
        auto report = intake.PollMailbox(boxes->front());
        ASSERT_TRUE(report);
        if (round == 0) {
            EXPECT_EQ(report->created, 2u);
            EXPECT_EQ(report->failed, 1u);
        }
        if (round == 2) {
            EXPECT_EQ(report->rejected, 1u);
        }
    }
    auto boxes = admin_->ListMailboxes(tenant_);
    EXPECT_EQ(boxes->front().last_uid, 3);
    EXPECT_EQ(boxes->front().uidvalidity, 7);
    EXPECT_EQ(requests_->queries.List(tenant_, {})->items.size(), 2u);
    // Later polls fetch only what is new.
    const int fetches = transport_.fetches;
    transport_.messages[4] = Message("c@example.org", "Quatre", "u4@ex");
    auto report = intake.PollMailbox(admin_->ListMailboxes(tenant_)->front());
    ASSERT_TRUE(report);
    EXPECT_EQ(report->created, 1u);
    EXPECT_EQ(transport_.fetches, fetches + 1);
    // A server that is down is an error of this poll, not a stop.
    transport_.down = true;
    EXPECT_FALSE(intake.PollMailbox(admin_->ListMailboxes(tenant_)->front()));
    EXPECT_EQ(intake.PollAll().mailboxes, 1u);
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