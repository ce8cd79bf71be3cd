// Attachments: stored once by content, read back, a citizen's files written with the request.
#include "requests/request_service_fixture.hpp"

namespace guichet::requests::testing {
namespace {

class RequestAttachmentsTest : public RequestServiceTest {};

// ---- Attachments ------------------------------------------------------------------------------

TEST_P(RequestAttachmentsTest, AttachmentsAreStoredOnceByContentAndReadBack) {
    const Request a = Create(Web("Photo du trottoir"));
    const Request b = Create(Web("La même photo"));
    const std::string bytes("\x89PNG\r\n\x1a\n\0binary", 16);
    auto first = requests_->attachments.AddAttachment(tenant_, a.id, "trottoir.png", "image/png",
                                                      bytes, citizen_actor_);
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->size, 16);
    EXPECT_EQ(first->sha256.size(), 64u);
    const auto path = attachments_ / first->sha256.substr(0, 2) / first->sha256;
    ASSERT_TRUE(std::filesystem::exists(path));
    std::ifstream in(path, std::ios::binary);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), bytes);

    auto second = requests_->attachments.AddAttachment(tenant_, b.id, "copie.png", "image/png",
                                                       bytes, agent_actor_);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->sha256, first->sha256);
    EXPECT_NE(second->id, first->id);
    std::size_t files = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(attachments_))
        if (e.is_regular_file()) ++files;
    EXPECT_EQ(files, 1u);  // The same bytes are stored once.

    auto read = requests_->attachments.ReadAttachment(tenant_, first->id);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->first.filename, "trottoir.png");
    EXPECT_EQ(read->first.content_type, "image/png");
    EXPECT_EQ(read->second, bytes);
    auto listed = requests_->attachments.Attachments(tenant_, a.tracking_code);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ((*listed)[0].id, first->id);
    // A citizen's attachment shows in their timeline; an agent's does not.
    EXPECT_EQ(requests_->queries.Timeline(tenant_, a.id, true)->back().type, "attachment");
    EXPECT_NE(requests_->queries.Timeline(tenant_, b.id, true)->back().type, "attachment");

    EXPECT_EQ(
        requests_->attachments.AddAttachment(tenant_, a.id, "", "image/png", bytes, agent_actor_)
            .error()
            .code,
        ErrorCode::kInvalidArgument);
    EXPECT_EQ(requests_->attachments.ReadAttachment(tenant_, "inconnu").error().code,
              ErrorCode::kNotFound);
}

TEST_P(RequestAttachmentsTest, ACitizensFilesComeWithTheRequestInOneWrite) {
    Category c;
    c.name = "Permis de végétaliser";
    c.is_public = true;
    c.workflow = DefaultWorkflow();
    c.fields = {FieldDef{"plan", "Plan du projet", "file", true, {}, ""},
                FieldDef{"photo", "Photo", "file", false, {}, ""}};
    const Category category = SaveCategory(c);
    const std::string pdf = "%PDF-1.7\n1 0 obj\n";
    const std::string jpeg("\xFF\xD8\xFF\xE0\0\x10JFIF", 10);

    NewRequest in = Web("Jardinière rue des Lilas");
    in.category = category.id;
    // A required file asked of the citizen on the portal.
    EXPECT_EQ(requests_->lifecycle.Create(tenant_, in, citizen_actor_).error().code,
              ErrorCode::kInvalidArgument);
    // A file that is not of an accepted type, whatever its name says: nothing is written.
    in.attachments = {{"plan", "plan.pdf", "MZ\x90\0 an executable"}};
    auto refused = requests_->lifecycle.Create(tenant_, in, citizen_actor_);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("plan.pdf"), std::string::npos);
    in.attachments = {{"inconnu", "plan.pdf", pdf}};
    EXPECT_FALSE(requests_->lifecycle.Create(tenant_, in, citizen_actor_));
    EXPECT_EQ(Count(InboxFilter{}), 0u);
    EXPECT_FALSE(std::filesystem::exists(attachments_) && !std::filesystem::is_empty(attachments_));

    in.attachments = {
        {"plan", "plan.pdf", pdf}, {"photo", "IMG_2041.jpg", jpeg}, {"", "complément.pdf", pdf}};
    const Request q = Create(in);
    auto files = requests_->attachments.Attachments(tenant_, q.id, true);
    ASSERT_TRUE(files);
    ASSERT_EQ(files->size(), 3u);
    EXPECT_EQ((*files)[0].content_type, "application/pdf");
    EXPECT_EQ((*files)[1].content_type, "image/jpeg");
    EXPECT_TRUE((*files)[1].shared);
    const auto values = boost::json::parse(q.fields_json).as_object();
    EXPECT_EQ(values.at("plan").as_array().at(0).as_string(), "plan.pdf");
    EXPECT_EQ(values.at("photo").as_array().at(0).as_string(), "IMG_2041.jpg");
    // The creation entry names the files for the citizen's follow-up.
    auto timeline = requests_->queries.Timeline(tenant_, q.id, true);
    ASSERT_TRUE(timeline);
    const auto created = boost::json::parse(timeline->front().data_json).as_object();
    EXPECT_EQ(created.at("attachments").as_array().size(), 3u);

    // An agent's file is not shown to the citizen; a citizen's reply may carry files.
    ASSERT_TRUE(requests_->attachments.AddAttachment(tenant_, q.id, "note.txt", "text/plain",
                                                     "interne", agent_actor_));
    auto replied =
        requests_->lifecycle.AddIncoming(tenant_, q.id, "Voici la photo du site.", citizen_actor_,
                                         "portal", {}, {{"", "site.jpg", jpeg}});
    ASSERT_TRUE(replied) << replied.error().message;
    EXPECT_EQ(requests_->attachments.Attachments(tenant_, q.id, true)->size(), 4u);
    EXPECT_EQ(requests_->attachments.Attachments(tenant_, q.id, false)->size(), 5u);
    // Too many files, or a file too large, are refused with the rule.
    std::vector<NewAttachment> six(6, NewAttachment{"", "a.pdf", pdf});
    EXPECT_EQ(
        requests_->lifecycle.AddIncoming(tenant_, q.id, "Encore", citizen_actor_, "portal", {}, six)
            .error()
            .code,
        ErrorCode::kInvalidArgument);
    const std::string big = pdf + std::string(kMaxCitizenFileBytes, 'x');
    EXPECT_EQ(requests_->lifecycle
                  .AddIncoming(tenant_, q.id, "Encore", citizen_actor_, "portal", {},
                               {{"", "gros.pdf", big}})
                  .error()
                  .code,
              ErrorCode::kPayloadTooLarge);
    EXPECT_EQ(requests_->attachments.Attachments(tenant_, q.id, false)->size(), 5u);
}

TEST(CitizenFileType, IsReadFromTheContent) {
    EXPECT_EQ(*CitizenFileType("scan.pdf", "junk\n%PDF-1.4"), "application/pdf");
    EXPECT_EQ(*CitizenFileType("photo", "\x89PNG\r\n\x1A\n...."), "image/png");
    EXPECT_EQ(*CitizenFileType("x.heic", std::string("\0\0\0\x18"
                                                     "ftypheic",
                                                     12)),
              "image/heic");
    EXPECT_EQ(*CitizenFileType("w.webp", std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), "image/webp");
    std::string odt("PK\x03\x04", 4);
    odt += std::string(26, '\0') + "mimetypeapplication/vnd.oasis.opendocument.text";
    EXPECT_EQ(*CitizenFileType("lettre.odt", odt), "application/vnd.oasis.opendocument.text");
    EXPECT_FALSE(CitizenFileType("page.html", "<html><script>"));
    EXPECT_FALSE(CitizenFileType("vide.pdf", ""));
    EXPECT_FALSE(CitizenFileType("a/b.pdf", "%PDF-"));
    EXPECT_FALSE(CitizenFileType("bad\x01.pdf", "%PDF-"));
    EXPECT_FALSE(CitizenFileType(std::string("\xC3", 1), "%PDF-"));
}

INSTANTIATE_TEST_SUITE_P(Drivers, RequestAttachmentsTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::requests::testing
