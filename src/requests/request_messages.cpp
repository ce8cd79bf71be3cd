// RequestLifecycle::SendMessage: the use case behind the console's « Répondre » (choose the
// channel, check the files, draw a letter, queue the delivery, record, keep the letter), so that
// the HTTP handler only parses the body and renders the result.
#include "requests/request_lifecycle.hpp"

namespace guichet::requests {

Result<Request> RequestLifecycle::SendMessage(std::string_view tenant_id, std::string_view id,
                                              Outgoing message, const Actor& actor,
                                              const std::optional<std::string>& agent_service_id,
                                              const MessageDelivery& deliver, Expected expected) {
    GUICHET_TRY(current, parts_.queries.Get(tenant_id, id));
    message.channel = current.citizen.email                 ? "email"
                      : current.channel == Channel::kLetter ? "letter"
                                                            : "portal";
    // The files are checked before anything is read for the delivery (the mail reads their
    // bytes) or drawn; AddOutgoing checks them again in its transaction.
    GUICHET_TRY(files,
                parts_.attachments.AnswerFiles(tenant_id, current.id, message.attachment_ids));
    // An answer to a letter is a letter: its PDF is kept with the request, to print. It is drawn
    // first, so that a failure records nothing.
    std::optional<std::string> letter;
    if (current.channel == Channel::kLetter && message.kind == "answer") {
        std::vector<std::string> enclosures;
        for (const Attachment& a : files) enclosures.push_back(a.filename);
        GUICHET_TRY(signatory, parts_.letters.SignatoryFor(current, actor, agent_service_id));
        GUICHET_TRY(pdf, parts_.letters.LetterPdf(
                             current, "Réponse à votre demande " + current.tracking_code,
                             message.body, signatory, enclosures));
        letter = std::move(pdf);
    }
    AlsoInTransaction queue;
    if (deliver) {
        GUICHET_TRY(hook, deliver(current, message, actor));
        queue = std::move(hook);
    }
    GUICHET_TRY(updated, AddOutgoing(tenant_id, current.id, message, actor, queue, expected));
    if (!letter) return updated;
    GUICHET_CHECK(parts_.attachments.AddAttachment(
        tenant_id, updated.id, "courrier-reponse-" + updated.tracking_code + ".pdf",
        "application/pdf", *letter, actor));
    return parts_.queries.Get(tenant_id, updated.id);
}

}  // namespace guichet::requests
