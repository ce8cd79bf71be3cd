// Mailbox administration: settings checked, versions, ports, and the request hooks.
#include "mail/mail_test_support.hpp"

namespace guichet::mail {
namespace {

using test_support::IntakeTest;
using test_support::Message;

// Its own suite name, so that each file instantiates only its own tests.
class MailboxAdminTest : public IntakeTest {};

TEST_P(MailboxAdminTest, MailboxSettings) {
    // Wrong settings name their field and change nothing.
    NewMailbox bad{.imap_url = "http://x/INBOX",
                   .user = "u",
                   .password = "p",
                   .smtp_url = "smtp://h:25",
                   .from_address = "a@b.fr"};
    auto wrong = admin_->CheckMailbox(tenant_, bad, true);
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->field, "imap_url");
    bad.imap_url = "imap://h/INBOX";
    bad.from_name = "Mairie\r\nBcc: x@y.fr";
    EXPECT_EQ(admin_->CheckMailbox(tenant_, bad, true)->field, "from_name");
    bad.from_name.clear();
    bad.default_category_id = "nope";
    EXPECT_EQ(admin_->CheckMailbox(tenant_, bad, true)->field, "default_category_id");
    bad.default_category_id.reset();
    bad.password.clear();
    EXPECT_EQ(admin_->CheckMailbox(tenant_, bad, true)->field, "password");
    EXPECT_FALSE(admin_->CheckMailbox(tenant_, bad, false));  // Kept in an update.
    EXPECT_FALSE(admin_->AddMailbox(tenant_, bad));
    EXPECT_EQ(admin_->ListMailboxes(tenant_)->size(), 1u);

    // An update keeps the password when none is given, and the intake position when the account
    // is the same.
    Deliver(1, Message("a@example.org", "Un", "s1@ex"));
    ASSERT_TRUE(intake_->PollMailbox(mailbox_));
    transport_.messages[4] = Message("a@example.org", "Quatre", "s4@ex");
    ASSERT_TRUE(intake_->PollMailbox(*admin_->GetMailbox(tenant_, mailbox_.id)));
    auto general = requests_->catalogue.GeneralCategory(tenant_);
    ASSERT_TRUE(general);
    NewMailbox change{.imap_url = mailbox_.imap_url,
                      .user = mailbox_.user,
                      .smtp_url = "smtp://127.0.0.1:2525",
                      .from_address = "Mairie@Villebelle.test",
                      .from_name = "Accueil",
                      .default_category_id = general->id};
    auto updated = admin_->UpdateMailbox(tenant_, mailbox_.id, change);
    ASSERT_TRUE(updated) << updated.error().detail;
    EXPECT_EQ(updated->password, "x");
    EXPECT_EQ(updated->from_address, "mairie@villebelle.test");
    EXPECT_EQ(updated->last_uid, 4);
    EXPECT_EQ(updated->default_category_id.value_or(""), general->id);
    EXPECT_TRUE(admin_->CheckConnection(*updated).imap_ok);
    EXPECT_EQ(admin_->Activity(tenant_)->at(mailbox_.id).received, 2);

    // Another account: read again from the start; what was handled is not opened twice.
    clock_.Advance(std::chrono::minutes(1));
    change.imap_url = "imap://127.0.0.1:1/Archives";
    change.password = "y";
    updated = admin_->UpdateMailbox(tenant_, mailbox_.id, change);
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->last_uid, 0);
    EXPECT_EQ(updated->password, "y");
    const auto wrong_login = admin_->CheckConnection(*updated);
    EXPECT_FALSE(wrong_login.imap_ok);
    EXPECT_EQ(wrong_login.imap_message, "refusé");
    transport_.messages[1] = Message("a@example.org", "Un", "s1@ex");
    transport_.messages[2] = Message("b@example.org", "Deux", "s2@ex");
    auto report = intake_->PollMailbox(*updated);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->created, 1u);  // Only the new message; the others are duplicates.
    EXPECT_EQ(requests_->queries.List(tenant_, {})->items.size(), 3u);

    // Paused: not read.
    change.enabled = false;
    ASSERT_TRUE(admin_->UpdateMailbox(tenant_, mailbox_.id, change));
    transport_.messages[9] = Message("c@example.org", "Neuf", "s9@ex");
    EXPECT_EQ(intake_->PollAll().mailboxes, 0u);
    EXPECT_EQ(requests_->queries.List(tenant_, {})->items.size(), 3u);

    // A mailbox with history cannot be removed; a new one can.
    auto removed = admin_->DeleteMailbox(tenant_, mailbox_.id);
    ASSERT_FALSE(removed);
    EXPECT_EQ(removed.error().code, ErrorCode::kFailedPrecondition);
    auto spare = admin_->AddMailbox(tenant_, {.imap_url = "imap://127.0.0.1:1/Spare",
                                              .user = "mairie",
                                              .password = "x",
                                              .smtp_url = "smtp://127.0.0.1:2",
                                              .from_address = "spare@villebelle.test"});
    ASSERT_TRUE(spare);
    EXPECT_TRUE(admin_->DeleteMailbox(tenant_, spare->id));
    EXPECT_EQ(admin_->GetMailbox(tenant_, spare->id).error().code, ErrorCode::kNotFound);
}

// Two administrators edit the same mailbox from version 1: the second is refused (412
// "stale-version") inside the transaction, and nothing of the first is overwritten. A removal
// names its version too.
TEST_P(MailboxAdminTest, MailboxChangesNameTheirVersion) {
    EXPECT_EQ(mailbox_.version, 1);
    NewMailbox first{.imap_url = mailbox_.imap_url,
                     .user = mailbox_.user,
                     .smtp_url = mailbox_.smtp_url,
                     .from_address = mailbox_.from_address,
                     .from_name = "Accueil"};
    NewMailbox second = first;
    second.from_name = "État civil";
    auto updated = admin_->UpdateMailbox(tenant_, mailbox_.id, first, 1);
    ASSERT_TRUE(updated) << updated.error().detail;
    EXPECT_EQ(updated->version, 2);
    auto stale = admin_->UpdateMailbox(tenant_, mailbox_.id, second, 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(stale.error().type, "stale-version");
    auto stored = admin_->GetMailbox(tenant_, mailbox_.id);
    ASSERT_TRUE(stored);
    EXPECT_EQ(stored->from_name, "Accueil");
    EXPECT_EQ(stored->version, 2);
    // The poller's own writes (position, errors) are no change of the settings.
    ASSERT_TRUE(intake_->PollMailbox(*stored));
    transport_.down = true;
    intake_->PollAll();
    transport_.down = false;
    EXPECT_EQ(admin_->GetMailbox(tenant_, mailbox_.id)->version, 2);
    // nullopt (If-Match: *, the CLI) overwrites whatever is stored.
    updated = admin_->UpdateMailbox(tenant_, mailbox_.id, second, std::nullopt);
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->version, 3);
    EXPECT_EQ(updated->from_name, "État civil");

    auto spare = admin_->AddMailbox(tenant_, {.imap_url = "imap://127.0.0.1:1/Spare",
                                              .user = "mairie",
                                              .password = "x",
                                              .smtp_url = "smtp://127.0.0.1:2",
                                              .from_address = "spare@villebelle.test"});
    ASSERT_TRUE(spare);
    auto removed = admin_->DeleteMailbox(tenant_, spare->id, 2);
    ASSERT_FALSE(removed);
    EXPECT_EQ(removed.error().type, "stale-version");
    EXPECT_TRUE(admin_->GetMailbox(tenant_, spare->id));
    EXPECT_TRUE(admin_->DeleteMailbox(tenant_, spare->id, 1));
}

// A server port is a number from 1 to 65535: 4294967297 is not read as port 1.
TEST_P(MailboxAdminTest, MailboxPortsAreChecked) {
    NewMailbox in{.imap_url = "imap://127.0.0.1:993/INBOX",
                  .user = "u",
                  .password = "p",
                  .smtp_url = "smtp://127.0.0.1:587",
                  .from_address = "a@villebelle.test"};
    EXPECT_FALSE(admin_->CheckMailbox(tenant_, in, true));
    for (const char* url : {"imap://h:4294967297/INBOX", "imap://h:70000/INBOX", "imap://h:0/",
                            "imap://h:-1/INBOX", "imap://h:99x/INBOX", "imaps://[::1]x/INBOX"}) {
        NewMailbox bad = in;
        bad.imap_url = url;
        auto wrong = admin_->CheckMailbox(tenant_, bad, true);
        ASSERT_TRUE(wrong) << url;
        EXPECT_EQ(wrong->field, "imap_url") << url;
    }
    for (const char* url : {"smtp://h:4294967297", "smtps://h:70000", "smtp://[::1]:65536"}) {
        NewMailbox bad = in;
        bad.smtp_url = url;
        auto wrong = admin_->CheckMailbox(tenant_, bad, true);
        ASSERT_TRUE(wrong) << url;
        EXPECT_EQ(wrong->field, "smtp_url") << url;
    }
    for (const char* url : {"imap://u@h:143/INBOX", "imaps://[::1]:993/INBOX", "imap://h"}) {
        NewMailbox good = in;
        good.imap_url = url;
        EXPECT_FALSE(admin_->CheckMailbox(tenant_, good, true)) << url;
    }
    // A folder with a broken escape is refused too, rather than read as written.
    NewMailbox bad = in;
    bad.imap_url = "imap://h/Bo%ZZte";
    EXPECT_FALSE(SplitImapUrl(bad.imap_url));
    ASSERT_TRUE(admin_->CheckMailbox(tenant_, bad, true));
    EXPECT_EQ(SplitImapUrl("imap://h/Bo%C3%AEte")->folder, "Boîte");
}

// The rules of the request hooks (RequestMail): portal requests with an address are
// acknowledged, others not; only the "email" channel leaves; an agent's answer is signed with
// the agent's service when the request has none, read through identity's interface.
TEST_P(MailboxAdminTest, RequestMailHooks) {
    RequestMail& hooks = *request_mail_;
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
    auto q = *requests_->queries.Get(tenant_, o.request_id);
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
    ASSERT_TRUE(requests_->lifecycle.AddOutgoing(tenant_, q.id, answer, elodie, *deliver));
    EXPECT_EQ(outbox_->SendDue(), 2u);  // The acknowledgement and the answer.
    ASSERT_EQ(transport_.sent.size(), 2u);
    ParsedMail sent = ParseMail(transport_.sent[1].second);
    EXPECT_NE(sent.text.find("Élodie\nÉtat civil\nMairie de Villebelle"), std::string::npos)
        << sent.text;
}

INSTANTIATE_TEST_SUITE_P(Drivers, MailboxAdminTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::mail
