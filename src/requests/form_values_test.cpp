// ValidateFormValues and CheckLength: only the category's fields are kept, each in its shape and
// within its size.
#include "requests/form_values.hpp"

#include <gtest/gtest.h>

#include <string>

#include <boost/json.hpp>

namespace guichet::requests {
namespace {

Category Form() {
    Category c;
    c.name = "Occupation du domaine public";
    c.fields = {{"objet", "Objet", "text", true, {}, ""},
                {"details", "Détails", "long_text", false, {}, ""},
                {"courriel", "Courriel", "email", false, {}, ""},
                {"tel", "Téléphone", "phone", false, {}, ""},
                {"surface", "Surface", "number", false, {}, ""},
                {"eclaire", "Éclairé", "checkbox", false, {}, ""},
                {"usage", "Usage", "choice", false, {"terrasse", "échafaudage"}, ""},
                {"jours", "Jours", "multiple_choice", false, {"lundi", "mardi"}, ""},
                {"plan", "Plan", "file", true, {}, ""}};
    return c;
}

Result<boost::json::object> Validate(const std::string& json,
                                     const std::vector<NewAttachment>& files = {},
                                     Channel channel = Channel::kCounter) {
    return ValidateFormValues(Form(), boost::json::parse(json), files, channel);
}

std::string MessageOf(const Result<boost::json::object>& r) {
    return r ? std::string("accepted") : r.error().message;
}

TEST(FormValuesTest, KeepsOnlyTheCategorysFields) {
    auto kept = Validate(R"({"objet": "Terrasse", "inconnu": "x", "surface": 12,
                             "autre": {"imbriqué": [1, 2, 3]}, "usage": "terrasse"})");
    ASSERT_TRUE(kept) << MessageOf(kept);
    EXPECT_EQ(*kept,
              (boost::json::object{{"objet", "Terrasse"}, {"surface", 12}, {"usage", "terrasse"}}));
}

TEST(FormValuesTest, MissingValuesAreNotStoredAndRequiredOnesFail) {
    auto kept = Validate(R"({"objet": "Terrasse", "details": "  ", "surface": null})");
    ASSERT_TRUE(kept) << MessageOf(kept);
    EXPECT_EQ(*kept, (boost::json::object{{"objet", "Terrasse"}}));
    auto refused = Validate(R"({"objet": " "})");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().message, "Le champ « Objet » est obligatoire.");
    EXPECT_FALSE(ValidateFormValues(Form(), boost::json::parse("[1]"), {}, Channel::kWeb));
}

TEST(FormValuesTest, TextsHaveSizeLimitsInCharacters) {
    // 2,000 accented characters are 4,000 bytes, and still fit a text field.
    std::string accents;
    for (int i = 0; i < 2000; ++i) accents += "é";
    boost::json::object values{{"objet", accents}};
    EXPECT_TRUE(ValidateFormValues(Form(), values, {}, Channel::kCounter));
    values["objet"] = accents + "e";
    auto refused = ValidateFormValues(Form(), values, {}, Channel::kCounter);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message, "Le champ « Objet » dépasse 2 000 caractères.");
    values["objet"] = "Terrasse";
    values["details"] = std::string(kMaxLongTextChars, 'a');
    EXPECT_TRUE(ValidateFormValues(Form(), values, {}, Channel::kCounter));
    values["details"] = std::string(kMaxLongTextChars + 1, 'a');
    EXPECT_EQ(MessageOf(ValidateFormValues(Form(), values, {}, Channel::kCounter)),
              "Le champ « Détails » dépasse 10 000 caractères.");
    values.erase("details");
    values["tel"] = std::string(kMaxPhoneChars + 1, '0');
    EXPECT_FALSE(ValidateFormValues(Form(), values, {}, Channel::kCounter));
}

TEST(FormValuesTest, EachTypeHasItsShape) {
    auto with = [](const std::string& member) {
        return Validate(R"({"objet": "Terrasse", )" + member + "}");
    };
    EXPECT_TRUE(with(R"("surface": 12.5)"));
    EXPECT_TRUE(with(R"("surface": "12,5")"));  // As the portal's number input sends it.
    EXPECT_EQ(MessageOf(with(R"("surface": "beaucoup")")),
              "Le champ « Surface » attend un nombre.");
    EXPECT_FALSE(with(R"("surface": true)"));
    EXPECT_TRUE(with(R"("eclaire": false)"));
    EXPECT_FALSE(with(R"("eclaire": "oui")"));
    EXPECT_FALSE(with(R"("usage": "manège")"));
    EXPECT_FALSE(with(R"("usage": ["terrasse"])"));
    EXPECT_TRUE(with(R"("jours": ["lundi", "mardi"])"));
    EXPECT_FALSE(with(R"("jours": ["lundi", "lundi"])"));
    EXPECT_FALSE(with(R"("jours": ["dimanche"])"));
    EXPECT_FALSE(with(R"("jours": "lundi")"));
    EXPECT_FALSE(with(R"("courriel": "pas-une-adresse")"));
    EXPECT_TRUE(with(R"("courriel": "a@example.org")"));
    // Nested objects and arrays are refused where a text is expected.
    EXPECT_EQ(MessageOf(with(R"("objet": {"a": 1})")), "Le champ « Objet » attend un texte.");
    EXPECT_FALSE(with(R"("details": ["a", "b"])"));
    EXPECT_FALSE(with(R"("tel": 612345678)"));
}

TEST(FormValuesTest, FileFieldsHoldTheNamesOfTheirFiles) {
    // A required file is asked of citizens on the portal only.
    EXPECT_EQ(MessageOf(Validate(R"({"objet": "Terrasse"})", {}, Channel::kWeb)),
              "Joignez le fichier demandé pour « Plan ».");
    auto kept = Validate(R"({"objet": "Terrasse", "plan": "forgé"})",
                         {{"plan", "plan.pdf", "%PDF"}, {"", "autre.pdf", "%PDF"}}, Channel::kWeb);
    ASSERT_TRUE(kept) << MessageOf(kept);
    EXPECT_EQ(kept->at("plan"), (boost::json::array{"plan.pdf"}));
    auto agent = Validate(R"({"objet": "Terrasse", "plan": "forgé"})");
    ASSERT_TRUE(agent);
    EXPECT_FALSE(agent->contains("plan"));
    EXPECT_EQ(MessageOf(Validate(R"({"objet": "Terrasse"})", {{"objet", "a.pdf", "%PDF"}})),
              "Ce formulaire n'a pas de champ de fichier « objet ».");
}

TEST(FormValuesTest, Open311KeepsItsOwnValuesOnlyOnItsChannel) {
    const std::string json =
        R"({"objet": "Trou", "open311_media_url": "https://photos.example.org/1.jpg",
            "open311_autre": "x"})";
    auto open311 = Validate(json, {}, Channel::kOpen311);
    ASSERT_TRUE(open311) << MessageOf(open311);
    EXPECT_EQ(*open311,
              (boost::json::object{{"objet", "Trou"},
                                   {"open311_media_url", "https://photos.example.org/1.jpg"}}));
    auto web = Validate(json, {{"plan", "plan.pdf", "%PDF"}}, Channel::kWeb);
    ASSERT_TRUE(web);
    EXPECT_FALSE(web->contains("open311_media_url"));
    EXPECT_FALSE(Validate(R"({"objet": "Trou", "open311_device_id": 7})", {}, Channel::kOpen311));
}

TEST(FormValuesTest, CheckLengthCountsCharacters) {
    EXPECT_TRUE(CheckLength("éé", 2, "Le nom"));
    auto refused = CheckLength("ééé", 2, "Le nom");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(refused.error().message, "Le nom dépasse 2 caractères.");
}

}  // namespace
}  // namespace guichet::requests
