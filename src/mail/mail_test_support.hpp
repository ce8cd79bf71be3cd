// The mail tests' fixture: the intake, the outbox and the mailbox administration on a real
// database, with a fake transport standing for the IMAP and SMTP servers (the end-to-end tests,
// tests/mail/, use real ones). Included by the mail test files only.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "identity/identity_service.hpp"
#include "mail/intake_rules.hpp"
#include "mail/mail_intake.hpp"
#include "mail/mail_outbox.hpp"
#include "mail/mailbox_admin.hpp"
#include "mail/mime.hpp"
#include "mail/request_mail.hpp"
#include "mail/schema.hpp"
#include "requests/schema.hpp"
#include "requests/testing_stack.hpp"
#include "requests/tracking_code.hpp"
#include "storage/testing.hpp"

namespace guichet::mail::test_support {

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

inline std::string Message(const std::string& from, const std::string& subject,
                           const std::string& id, const std::string& extra_headers = "",
                           const std::string& body = "Bonjour") {
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
            {"mail", Migrations()},
        };
        ASSERT_TRUE(storage::Migrate(*db_, sets));
        dir_ = std::filesystem::temp_directory_path() /
               ("guichet-mail-test-" +
                std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        tenancy_ = std::make_unique<tenancy::TenancyService>(*db_, clock_);
        requests_ =
            std::make_unique<requests::testing::RequestStack>(*db_, clock_, bus_, *tenancy_, dir_);
        admin_ = std::make_unique<MailboxAdmin>(*db_, clock_, requests_->catalogue, *tenancy_,
                                                transport_);
        outbox_ = std::make_unique<MailOutbox>(*db_, clock_, requests_->services(), *tenancy_,
                                               transport_);
        intake_ = std::make_unique<MailIntake>(*db_, clock_, requests_->services(), *tenancy_,
                                               transport_, *outbox_);
        request_mail_ = std::make_unique<RequestMail>(*db_, requests_->letters, *outbox_);
        auto tenant =
            tenancy_->CreateTenant({.slug = "villebelle", .name = "Mairie de Villebelle"});
        ASSERT_TRUE(tenant);
        tenant_ = tenant->id;
        auto mailbox = admin_->AddMailbox(tenant_, {.imap_url = "imap://127.0.0.1:1/INBOX",
                                                    .user = "mairie",
                                                    .password = "x",
                                                    .smtp_url = "smtp://127.0.0.1:2",
                                                    .from_address = "mairie@villebelle.test"});
        ASSERT_TRUE(mailbox) << mailbox.error().detail;
        mailbox_ = *mailbox;
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    Outcome Deliver(std::int64_t uid, const std::string& raw) {
        return intake_->Process(mailbox_, 7, uid, raw);
    }
    std::vector<requests::TimelineEntry> Timeline(const std::string& id) {
        return *requests_->queries.Timeline(tenant_, id, false);
    }

    // A Monday at 10:00 in Paris.
    FakeClock clock_{FromUnixMillis(1'773'133'200'000)};
    bus::InProcessBus bus_;
    std::unique_ptr<storage::Database> db_;
    std::filesystem::path dir_;
    std::unique_ptr<tenancy::TenancyService> tenancy_;
    std::unique_ptr<requests::testing::RequestStack> requests_;
    FakeTransport transport_;
    std::unique_ptr<MailboxAdmin> admin_;
    std::unique_ptr<MailOutbox> outbox_;
    std::unique_ptr<MailIntake> intake_;
    std::unique_ptr<RequestMail> request_mail_;
    std::string tenant_;
    Mailbox mailbox_;
};

}  // namespace guichet::mail::test_support
