#include "kb/kb_corpus.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <stdexcept>

#include <boost/json.hpp>

namespace guichet::eval {
namespace {

namespace json = boost::json;

std::vector<json::object> ReadJsonLines(const std::filesystem::path& file) {
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::vector<json::object> out;
    std::string line;
    while (std::getline(in, line))
        if (!line.empty()) out.push_back(json::parse(line).as_object());
    return out;
}

std::string StringField(const json::object& object, const char* key) {
    const json::value* value = object.if_contains(key);
    return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
}

// Sentences of a text: cut after . ? ! and at line ends, trimmed, at least 20 bytes.
std::vector<std::string> Sentences(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        const auto first = current.find_first_not_of(" \t");
        if (first != std::string::npos && current.size() - first >= 20)
            out.push_back(current.substr(first));
        current.clear();
    };
    for (const char c : text) {
        if (c == '\n') {
            flush();
            continue;
        }
        current += c;
        if (c == '.' || c == '?' || c == '!') flush();
    }
    flush();
    return out;
}

}  // namespace

std::optional<std::filesystem::path> KbDataDir() {
    const char* root = std::getenv("GUICHET_SHARED_DATA");
    if (root == nullptr) return std::nullopt;
    std::filesystem::path dir = std::filesystem::path(root) / "kb";
    if (!std::filesystem::exists(dir / "documents.jsonl")) return std::nullopt;
    return dir;
}

std::vector<KbDocument> LoadKbDocuments(const std::filesystem::path& file) {
    std::vector<KbDocument> documents;
    for (const json::object& object : ReadJsonLines(file))
        documents.push_back(KbDocument{StringField(object, "doc_id"), StringField(object, "title"),
                                       StringField(object, "text"), StringField(object, "theme")});
    return documents;
}

std::vector<KbQuestion> LoadKbQuestions(const std::filesystem::path& file) {
    std::vector<KbQuestion> questions;
    for (const json::object& object : ReadJsonLines(file)) {
        KbQuestion question{StringField(object, "qid"),
                            StringField(object, "question"),
                            StringField(object, "source"),
                            {}};
        if (const json::value* ids = object.if_contains("relevant_doc_ids"); ids && ids->is_array())
            for (const json::value& id : ids->as_array())
                if (id.is_string()) question.relevant.emplace_back(id.as_string());
        if (!question.relevant.empty() && !question.text.empty())
            questions.push_back(std::move(question));
    }
    return questions;
}

std::vector<search::Document> ToSearchDocuments(const std::vector<KbDocument>& documents,
                                                const std::string& tenant_id) {
    std::vector<search::Document> out;
    out.reserve(documents.size());
    for (const KbDocument& document : documents) {
        search::Document d;
        d.id = document.id;
        d.tenant_id = tenant_id;
        d.external_id = document.id;
        d.title = document.title;
        d.body = document.text;
        d.category = document.theme;
        out.push_back(std::move(d));
    }
    return out;
}

std::vector<KbDocument> GenerateArticles(const std::vector<KbDocument>& documents,
                                         std::size_t count, std::uint64_t seed) {
    std::vector<std::string> sentences;
    std::vector<std::string> title_words;
    std::vector<std::string> themes;
    for (const KbDocument& document : documents) {
        for (std::string& sentence : Sentences(document.text))
            sentences.push_back(std::move(sentence));
        std::string word;
        for (const char c : document.title + " ") {
            if (c == ' ') {
                if (word.size() > 2) title_words.push_back(word);
                word.clear();
            } else {
                word += c;
            }
        }
        themes.push_back(document.theme);
    }
    if (sentences.empty() || title_words.empty()) return {};
    // std::mt19937_64 and explicit modulo arithmetic: the same corpus on every platform
    // (std::uniform_int_distribution is implementation-defined).
    std::mt19937_64 random(seed);
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
    std::vector<KbDocument> out;
    out.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        KbDocument article;
        article.id = "gen:" + std::to_string(i);
        const std::size_t title_length = 3 + pick(5);
        for (std::size_t w = 0; w < title_length; ++w) {
            if (w > 0) article.title += ' ';
            article.title += title_words[pick(title_words.size())];
        }
        const std::size_t sentence_count = 3 + pick(10);
        for (std::size_t s = 0; s < sentence_count; ++s) {
            if (s > 0) article.text += ' ';
            article.text += sentences[pick(sentences.size())];
        }
        article.theme = themes[pick(themes.size())];
        out.push_back(std::move(article));
    }
    return out;
}

void RankingMeter::Add(const KbQuestion& question, const std::vector<std::string>& ranking) {
    const std::set<std::string> relevant(question.relevant.begin(), question.relevant.end());
    std::size_t found = 0;
    for (std::size_t i = 0; i < std::min<std::size_t>(5, ranking.size()); ++i)
        found += relevant.contains(ranking[i]) ? 1 : 0;
    recall_sum_ += static_cast<double>(found) / static_cast<double>(relevant.size());
    for (std::size_t i = 0; i < std::min<std::size_t>(10, ranking.size()); ++i) {
        if (relevant.contains(ranking[i])) {
            reciprocal_rank_sum_ += 1.0 / static_cast<double>(i + 1);
            break;
        }
    }
    ++count_;
}

RankingScores RankingMeter::Scores() const {
    if (count_ == 0) return {};
    const auto n = static_cast<double>(count_);
    return RankingScores{recall_sum_ / n, reciprocal_rank_sum_ / n, count_};
}

}  // namespace guichet::eval
