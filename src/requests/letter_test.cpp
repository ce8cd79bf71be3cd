// Letters as PDF: the bytes are a PDF whose text (read back with poppler's pdftotext) holds the
// reference, the accents, the date line and every paragraph, across page breaks.
#include "requests/letter_pdf.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "requests/requests_test_support.hpp"
#include "requests/testing_stack.hpp"

namespace guichet::requests {
namespace {

// The text of a PDF, or nullopt when pdftotext (poppler-utils) is not installed.
std::optional<std::string> PdfText(const std::string& pdf) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("guichet-letter-" + std::to_string(::getpid()) + ".pdf");
    std::ofstream(path, std::ios::binary) << pdf;
    const std::string command =
        std::string(GUICHET_PDFTOTEXT) + " -enc UTF-8 '" + path.string() + "' - 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return std::nullopt;
    std::string text;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) text.append(buffer, n);
    const int status = ::pclose(pipe);
    std::filesystem::remove(path);
    if (status != 0) return std::nullopt;
    // Lines as one text: what is checked may have been wrapped.
    std::string flat;
    for (char c : text) {
        const bool space = c == '\n' || c == ' ' || c == '\f';
        if (space && !flat.empty() && flat.back() == ' ') continue;
        flat += space ? ' ' : c;
    }
    return flat;
}

int Pages(const std::string& pdf) {
    int count = 0;
    for (std::size_t pos = 0; (pos = pdf.find("/Type /Page\n", pos)) != std::string::npos; ++pos)
        ++count;
    for (std::size_t pos = 0; (pos = pdf.find("/Type /Page ", pos)) != std::string::npos; ++pos)
        ++count;
    return count;
}

Letter Sample() {
    Letter l;
    l.sender_name = "Mairie de Villebelle";
    l.sender_address = {"1 place de la Mairie", "91999 Villebelle"};
    l.place_and_date = "Villebelle, le 28 novembre 2026";
    l.recipient_name = "Élodie Durand";
    l.recipient_address = AddressLines("12 rue des Lilas, 91999 Villebelle");
    l.reference = "K7Q2-M9XD";
    l.subject = "Réponse à votre demande K7Q2-M9XD";
    l.body =
        "Madame, Monsieur,\n\nLes travaux de réfection de la chaussée rue de l'Église sont "
        "programmés pour la semaine du 14 décembre.\n\nVeuillez agréer nos salutations.";
    l.signature = {"Claire", "Service voirie"};
    return l;
}

TEST(Letter, SplitsAddresses) {
    EXPECT_EQ(AddressLines("12 rue des Lilas, 91999 Villebelle"),
              (std::vector<std::string>{"12 rue des Lilas", "91999 Villebelle"}));
    EXPECT_EQ(AddressLines("Bât. A, 3 allée, des Pins\n91999 Villebelle\n"),
              (std::vector<std::string>{"Bât. A, 3 allée, des Pins", "91999 Villebelle"}));
    EXPECT_TRUE(AddressLines("").empty());
}

TEST(Letter, IsAPdfWithTheReferenceAndAccents) {
    auto pdf = RenderLetterPdf(Sample());
    ASSERT_TRUE(pdf) << pdf.error().detail;
    ASSERT_GT(pdf->size(), 1000u);
    EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
    EXPECT_EQ(Pages(*pdf), 1);
    auto text = PdfText(*pdf);
    if (!text) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
    for (const char* expected :
         {"Mairie de Villebelle", "1 place de la Mairie", "Villebelle, le 28 novembre 2026",
          "Élodie Durand", "12 rue des Lilas", "91999 Villebelle", "Référence", "K7Q2-M9XD",
          "Objet", "Réponse à votre demande", "réfection de la chaussée rue de l'Église",
          "programmés pour la semaine du 14 décembre", "Claire", "Service voirie", "page 1"})
        EXPECT_NE(text->find(expected), std::string::npos) << expected << "\n" << *text;
}

TEST(Letter, BreaksLongBodiesAcrossPages) {
    Letter l = Sample();
    l.body.clear();
    for (int i = 1; i <= 40; ++i)
        l.body += "Paragraphe " + std::to_string(i) +
                  " : la commune s'engage à répondre à chaque usager dans les délais annoncés, "
                  "avec courtoisie et en donnant le nom de l'agent qui traite sa demande.\n\n";
    auto pdf = RenderLetterPdf(l);
    ASSERT_TRUE(pdf);
    EXPECT_GE(Pages(*pdf), 3);
    auto text = PdfText(*pdf);
    if (!text) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
    EXPECT_NE(text->find("Paragraphe 1 :"), std::string::npos);
    EXPECT_NE(text->find("Paragraphe 40 :"), std::string::npos);
    EXPECT_NE(text->find("page 3"), std::string::npos);
    // Every paragraph is there once, and the signature comes after the last one.
    for (int i = 1; i <= 40; ++i)
        EXPECT_NE(text->find("Paragraphe " + std::to_string(i) + " :"), std::string::npos) << i;
    EXPECT_GT(text->rfind("Service voirie"), text->find("Paragraphe 40 :"));
}

TEST(Letter, EscapesMarkupInUserText) {
    Letter l = Sample();
    l.recipient_name = "Jean <b>& fils</b>";
    l.body = "Un texte avec <i>des chevrons</i> & une esperluette.";
    auto pdf = RenderLetterPdf(l);
    ASSERT_TRUE(pdf);
    auto text = PdfText(*pdf);
    if (!text) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
    EXPECT_NE(text->find("Jean <b>& fils</b>"), std::string::npos) << *text;
    EXPECT_NE(text->find("<i>des chevrons</i> & une esperluette"), std::string::npos);
}

// ---- Through the service: letterhead, merge values, signature ----------------------------------

class LetterServiceTest : public testing::OneTenantTest {
  protected:
    // Saturday 28 November 2026, 10:00 in Paris.
    LetterServiceTest() : OneTenantTest(FromUnixMillis(1'795'856'400'000)) {}
};

TEST_P(LetterServiceTest, LetterheadDefaultsToTheTenantAndCanBeSet) {
    auto head = requests_->letters.GetLetterhead(tenant_);
    ASSERT_TRUE(head);
    EXPECT_EQ(head->sender_name, "Mairie de Villebelle");
    EXPECT_EQ(head->place, "Villebelle");
    EXPECT_TRUE(head->address.empty());
    EXPECT_FALSE(requests_->letters.SetLetterhead(tenant_, {"", {}, "Villebelle", {}}));
    auto set = requests_->letters.SetLetterhead(
        tenant_,
        {"Mairie de Villebelle", {"1 place de la Mairie", "91999 Villebelle"}, "Villebelle", {}});
    ASSERT_TRUE(set) << set.error().message;
    head = requests_->letters.GetLetterhead(tenant_);
    EXPECT_EQ(head->address,
              (std::vector<std::string>{"1 place de la Mairie", "91999 Villebelle"}));
}

TEST_P(LetterServiceTest, RendersTheDefaultAnswerAsALetter) {
    ASSERT_TRUE(requests_->letters.SetLetterhead(
        tenant_,
        {"Mairie de Villebelle", {"1 place de la Mairie", "91999 Villebelle"}, "Villebelle", {}}));
    NewRequest in;
    in.channel = Channel::kLetter;
    in.citizen = {"Élodie Durand", std::nullopt, std::nullopt,
                  std::string("12 rue des Lilas\n91999 Villebelle")};
    in.subject = "Éclairage public éteint";
    in.description = "Le lampadaire devant l'école ne s'allume plus.";
    auto q = requests_->lifecycle.Create(tenant_, in, Actor{});
    ASSERT_TRUE(q) << q.error().message;
    const Signatory claire{"Claire", "Service voirie"};
    auto templates = requests_->letters.ListTemplates(tenant_);
    ASSERT_TRUE(templates);
    const RequestTemplate* answer = nullptr;
    for (const auto& t : *templates)
        if (t.kind == "answer") answer = &t;
    ASSERT_NE(answer, nullptr);
    auto values = requests_->letters.MergeValuesFor(*q, claire);
    ASSERT_TRUE(values);
    const auto rendered = Render(*answer, *values);
    auto pdf = requests_->letters.LetterPdf(*q, rendered.subject, rendered.body, claire);
    ASSERT_TRUE(pdf) << pdf.error().detail;
    EXPECT_EQ(pdf->substr(0, 5), "%PDF-");
    auto text = PdfText(*pdf);
    if (!text) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
    for (const std::string& expected :
         {std::string("Villebelle, le 28 novembre 2026"), q->tracking_code,
          std::string("Élodie Durand"), std::string("Éclairage public éteint"),
          std::string("Service voirie"), std::string("1 place de la Mairie")})
        EXPECT_NE(text->find(expected), std::string::npos) << expected << "\n" << *text;
    // The template signs already: the signature block is not added twice.
    const auto first = text->find("Claire");
    ASSERT_NE(first, std::string::npos);
    EXPECT_EQ(text->find("Claire", first + 1), std::string::npos) << *text;

    // A free answer without signature gets the signature block.
    auto bare = requests_->letters.LetterPdf(*q, "Réponse", "Le lampadaire a été réparé.", claire);
    ASSERT_TRUE(bare);
    auto bare_text = PdfText(*bare);
    ASSERT_TRUE(bare_text);
    EXPECT_NE(bare_text->find("Claire"), std::string::npos);
    EXPECT_NE(bare_text->find("Service voirie"), std::string::npos);

    // Documents sent with the letter are listed at its end.
    auto enclosed = requests_->letters.LetterPdf(*q, "Réponse", "Voici l'arrêté.", claire,
                                                 {"arrêté n°12.pdf", "plan.png"});
    ASSERT_TRUE(enclosed);
    auto enclosed_text = PdfText(*enclosed);
    ASSERT_TRUE(enclosed_text);
    // The line is typeset with no-break spaces; pdftotext may give them back as such.
    for (std::size_t at; (at = enclosed_text->find("\u00a0")) != std::string::npos;)
        enclosed_text->replace(at, 2, " ");
    EXPECT_NE(enclosed_text->find("P. J. : arrêté n°12.pdf, plan.png"), std::string::npos)
        << *enclosed_text;
    EXPECT_EQ(bare_text->find("P. J."), std::string::npos);
}

// SendMessage, the console's « Répondre » end to end: an answer to a letter is drawn as a letter,
// kept with the request once recorded; a delivery that cannot be queued records nothing.
TEST_P(LetterServiceTest, AnAnswerToALetterIsKeptAsALetterAndAFailedDeliveryRecordsNothing) {
    NewRequest in;
    in.channel = Channel::kLetter;
    in.citizen = {"Élodie Durand", std::nullopt, std::nullopt,
                  std::string("12 rue des Lilas\n91999 Villebelle")};
    in.subject = "Éclairage public éteint";
    in.description = "Le lampadaire devant l'école ne s'allume plus.";
    auto q = requests_->lifecycle.Create(tenant_, in, Actor{});
    ASSERT_TRUE(q) << q.error().message;
    const Actor agent{"agent", std::nullopt, "Claire"};

    Outgoing answer;
    answer.body = "Le lampadaire a été réparé.";
    std::string delivered_on;
    auto refused = requests_->lifecycle.SendMessage(
        tenant_, q->id, answer, agent, std::nullopt,
        [&](const Request&, const Outgoing& m, const Actor&) -> Result<AlsoInTransaction> {
            delivered_on = m.channel;
            return Fail(ErrorCode::kUnavailable, "La file d'envoi est indisponible.");
        },
        q->version);
    ASSERT_FALSE(refused);
    EXPECT_EQ(delivered_on, "letter");
    auto unchanged = requests_->queries.Get(tenant_, q->id);
    ASSERT_TRUE(unchanged);
    EXPECT_EQ(unchanged->version, q->version);
    auto none = requests_->attachments.Attachments(tenant_, q->id);
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());

    auto sent = requests_->lifecycle.SendMessage(tenant_, q->id, answer, agent, std::nullopt, {},
                                                 q->version);
    ASSERT_TRUE(sent) << sent.error().message;
    EXPECT_GT(sent->version, q->version);
    auto files = requests_->attachments.Attachments(tenant_, q->id);
    ASSERT_TRUE(files);
    ASSERT_EQ(files->size(), 1u);
    EXPECT_EQ((*files)[0].filename, "courrier-reponse-" + q->tracking_code + ".pdf");
    EXPECT_EQ((*files)[0].content_type, "application/pdf");

    // Sent from a stale screen: refused, nothing added.
    auto stale = requests_->lifecycle.SendMessage(tenant_, q->id, answer, agent, std::nullopt, {},
                                                  q->version);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().type, "stale-version");
    EXPECT_EQ(requests_->attachments.Attachments(tenant_, q->id)->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Drivers, LetterServiceTest,
                         ::testing::ValuesIn(storage::testing::AllTestDatabases()),
                         storage::testing::TestDatabaseName());

}  // namespace
}  // namespace guichet::requests
