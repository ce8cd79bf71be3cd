// Rows of import files: JSON lines and JSON arrays, with the line each row starts on.
#include "knowledge/json_rows.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace guichet::knowledge {
namespace {

boost::json::object Object(std::string_view text) { return boost::json::parse(text).as_object(); }

TEST(JsonLinesTest, SkipsBlankLinesAndKeepsLineNumbers) {
    auto rows = SplitJsonLines("{\"a\": 1}\n\n   \n{\"b\": 2}\r\nnot json\n[1, 2]\n{\"c\": 3}");
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 5u);
    EXPECT_EQ((*rows)[0].line, 1u);
    ASSERT_TRUE((*rows)[0].value);
    EXPECT_EQ((*rows)[0].value->at("a").as_int64(), 1);
    EXPECT_EQ((*rows)[1].line, 4u);
    ASSERT_TRUE((*rows)[1].value);
    EXPECT_EQ((*rows)[1].value->at("b").as_int64(), 2);
    // A bad line is reported with its line; the others still parse.
    EXPECT_EQ((*rows)[2].line, 5u);
    EXPECT_FALSE((*rows)[2].value);
    EXPECT_NE((*rows)[2].error.find("JSON invalide"), std::string::npos);
    EXPECT_EQ((*rows)[3].line, 6u);
    EXPECT_FALSE((*rows)[3].value);
    EXPECT_NE((*rows)[3].error.find("objet JSON"), std::string::npos);
    EXPECT_EQ((*rows)[4].line, 7u);
    ASSERT_TRUE((*rows)[4].value);
    EXPECT_EQ((*rows)[4].value->at("c").as_int64(), 3);
}

TEST(JsonLinesTest, EmptyTextHasNoRows) {
    auto rows = SplitJsonLines("");
    ASSERT_TRUE(rows);
    EXPECT_TRUE(rows->empty());
    auto blank = SplitJsonLines("\n\n  \n");
    ASSERT_TRUE(blank);
    EXPECT_TRUE(blank->empty());
}

TEST(JsonArrayTest, SplitsAPrettyPrintedArrayWithStartingLines) {
    const std::string text =
        "[\n"                   // 1
        "  {\n"                 // 2
        "    \"id\": \"a\",\n"  // 3
        "    \"n\": [1, 2]\n"   // 4
        "  },\n"                // 5
        "  {\"id\": \"b\"},\n"  // 6
        "\n"                    // 7
        "  {\n"                 // 8
        "    \"id\": \"c\"\n"   // 9
        "  }\n"                 // 10
        "]\n";                  // 11
    auto rows = SplitJsonArray(text);
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 3u);
    EXPECT_EQ((*rows)[0].line, 2u);
    EXPECT_EQ((*rows)[1].line, 6u);
    EXPECT_EQ((*rows)[2].line, 8u);
    for (const auto& row : *rows) ASSERT_TRUE(row.value) << row.error;
    EXPECT_EQ((*rows)[0].value->at("id").as_string(), "a");
    EXPECT_EQ((*rows)[0].value->at("n").as_array().size(), 2u);
    EXPECT_EQ((*rows)[1].value->at("id").as_string(), "b");
    EXPECT_EQ((*rows)[2].value->at("id").as_string(), "c");
}

TEST(JsonArrayTest, ABadElementInTheMiddleIsReportedAlone) {
    const std::string text =
        "[\n"
        "  {\"id\": \"a\"},\n"  // 2
        "  {\"id\": },\n"       // 3
        "  42,\n"               // 4
        "  {\"id\": \"d\"}\n"   // 5
        "]";
    auto rows = SplitJsonArray(text);
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 4u);
    EXPECT_TRUE((*rows)[0].value);
    EXPECT_FALSE((*rows)[1].value);
    EXPECT_EQ((*rows)[1].line, 3u);
    EXPECT_FALSE((*rows)[1].error.empty());
    EXPECT_FALSE((*rows)[2].value);
    EXPECT_EQ((*rows)[2].line, 4u);
    ASSERT_TRUE((*rows)[3].value);
    EXPECT_EQ((*rows)[3].line, 5u);
    EXPECT_EQ((*rows)[3].value->at("id").as_string(), "d");
}

TEST(JsonArrayTest, StringsMayHoldBracketsCommasAndEscapedQuotes) {
    const std::string text =
        R"([{"t": "a ] b, c \" } [ {"}, {"t": "\\"}, {"t": "x\ny", "u": "],"}])";
    auto rows = SplitJsonArray(text);
    ASSERT_TRUE(rows) << rows.error().message;
    ASSERT_EQ(rows->size(), 3u);
    for (const auto& row : *rows) ASSERT_TRUE(row.value) << row.error;
    EXPECT_EQ((*rows)[0].value->at("t").as_string(), "a ] b, c \" } [ {");
    EXPECT_EQ((*rows)[1].value->at("t").as_string(), "\\");
    EXPECT_EQ((*rows)[2].value->at("t").as_string(), "x\ny");
    EXPECT_EQ((*rows)[2].value->at("u").as_string(), "],");
    for (const auto& row : *rows) EXPECT_EQ(row.line, 1u);
}

TEST(JsonArrayTest, BrokenShapesAreErrors) {
    auto unterminated = SplitJsonArray("[\n  {\"id\": \"a\"},\n  {\"id\": \"b\"}\n");
    ASSERT_FALSE(unterminated);
    EXPECT_EQ(unterminated.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(unterminated.error().message.find("refermé"), std::string::npos);

    auto open_string = SplitJsonArray("[{\"id\": \"a]");
    ASSERT_FALSE(open_string);
    EXPECT_EQ(open_string.error().code, ErrorCode::kInvalidArgument);

    auto not_array = SplitJsonArray("{\"id\": \"a\"}");
    ASSERT_FALSE(not_array);
    EXPECT_EQ(not_array.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(not_array.error().message.find("tableau JSON"), std::string::npos);

    auto empty = SplitJsonArray("   ");
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);

    auto trailing = SplitJsonArray("[{\"id\": 1}]\n{\"id\": 2}");
    ASSERT_FALSE(trailing);
    EXPECT_NE(trailing.error().message.find("ligne 2"), std::string::npos);

    auto none = SplitJsonArray(" [ ] \n");
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

TEST(JsonRowsTest, ChoosesTheShapeFromTheFirstCharacter) {
    auto array = SplitJsonRows("\n  [{\"a\": 1},\n{\"a\": 2}]");
    ASSERT_TRUE(array);
    ASSERT_EQ(array->size(), 2u);
    EXPECT_EQ((*array)[0].line, 2u);
    EXPECT_EQ((*array)[1].line, 3u);

    auto lines = SplitJsonRows("{\"a\": 1}\n{\"a\": 2}\n");
    ASSERT_TRUE(lines);
    ASSERT_EQ(lines->size(), 2u);
    EXPECT_EQ((*lines)[1].line, 2u);

    EXPECT_FALSE(SplitJsonRows("[{\"a\": 1}"));
}

TEST(JsonFieldsTest, TextFields) {
    const auto row = Object(R"({"name": "Piscine", "blank": "  ", "n": 3, "none": null})");
    auto name = TextField(row, "name");
    ASSERT_TRUE(name);
    EXPECT_EQ(name->value_or(""), "Piscine");
    auto absent = TextField(row, "absent");
    ASSERT_TRUE(absent);
    EXPECT_FALSE(absent->has_value());
    auto null = TextField(row, "none");
    ASSERT_TRUE(null);
    EXPECT_FALSE(null->has_value());

    auto wrong = TextField(row, "n");
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(wrong.error().message.find("« n »"), std::string::npos);

    auto required = RequiredTextField(row, "name");
    ASSERT_TRUE(required);
    EXPECT_EQ(*required, "Piscine");
    for (const char* key : {"blank", "absent", "none"}) {
        auto missing = RequiredTextField(row, key);
        ASSERT_FALSE(missing) << key;
        EXPECT_EQ(missing.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(missing.error().message.find(std::string("« ") + key + " »"), std::string::npos)
            << missing.error().message;
        EXPECT_NE(missing.error().message.find("obligatoire"), std::string::npos);
    }
    EXPECT_NE(RequiredTextField(row, "n").error().message.find("« n »"), std::string::npos);
}

TEST(JsonFieldsTest, NumberAndListFields) {
    const auto row =
        Object(R"({"lat": 48.5, "zoom": 12, "text": "48.5", "tags": ["a", "b"], "bad": ["a", 1],)"
               R"( "scalar": "a", "none": null})");
    auto lat = NumberField(row, "lat");
    ASSERT_TRUE(lat);
    EXPECT_DOUBLE_EQ(lat->value_or(0), 48.5);
    auto zoom = NumberField(row, "zoom");
    ASSERT_TRUE(zoom);
    EXPECT_DOUBLE_EQ(zoom->value_or(0), 12.0);
    auto none = NumberField(row, "none");
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
    auto text = NumberField(row, "text");
    ASSERT_FALSE(text);
    EXPECT_NE(text.error().message.find("« text »"), std::string::npos);
    EXPECT_NE(text.error().message.find("nombre"), std::string::npos);

    auto tags = TextListField(row, "tags");
    ASSERT_TRUE(tags);
    EXPECT_EQ(*tags, (std::vector<std::string>{"a", "b"}));
    auto absent = TextListField(row, "absent");
    ASSERT_TRUE(absent);
    EXPECT_TRUE(absent->empty());
    auto bad = TextListField(row, "bad");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(bad.error().message.find("« bad »"), std::string::npos);
    auto scalar = TextListField(row, "scalar");
    ASSERT_FALSE(scalar);
    EXPECT_NE(scalar.error().message.find("« scalar »"), std::string::npos);
}

}  // namespace
}  // namespace guichet::knowledge
