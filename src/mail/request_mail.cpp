#include "mail/request_mail.hpp"

#include <optional>
#include <string>

#include "core/log.hpp"
#include "identity/identity_service.hpp"

namespace guichet::mail {

RequestMail::RequestMail(storage::Database& db, requests::Letters& letters, MailOutbox& outbox)
    : db_(db), letters_(letters), outbox_(outbox) {}

Result<requests::AlsoInTransaction> RequestMail::OnCreate(std::string_view tenant_id,
                                                          const requests::NewRequest& in) {
    // Requests that came by e-mail are acknowledged by the intake; counter and phone ones in
    // person. The outbox row is written with the request: an acknowledged request always has
    // its e-mail on the way.
    if (in.channel != requests::Channel::kWeb || !in.citizen.email)
        return requests::AlsoInTransaction();
    return outbox_.PrepareAcknowledgement(tenant_id, *in.citizen.email);
}

Result<requests::AlsoInTransaction> RequestMail::OnOutgoing(const requests::Request& q,
                                                            const requests::Outgoing& m,
                                                            const requests::Actor& actor) {
    // Automatic acknowledgements are sent by the intake and OnCreate; by hand, everything an
    // agent sends by e-mail goes out.
    if (m.channel != "email") return requests::AlsoInTransaction();
    // Marianne: the agent says who they are, for the service the request belongs to (else the
    // agent's own). The agent is read through identity's interface.
    std::optional<std::string> agent_service;
    if (actor.type == "agent" && actor.id) {
        auto agent = db_.Read<std::optional<identity::Agent>>([&](storage::Connection& c) {
            return identity::IdentityService::FindAgent(c, q.tenant_id, *actor.id);
        });
        if (agent && *agent)
            agent_service = (*agent)->service_id;
        else if (!agent)
            log::Warn("mail: the agent's service is unknown, the answer is signed without it",
                      {{"agent", *actor.id}, {"detail", agent.error().detail}});
    }
    GUICHET_TRY(signature, letters_.SignatoryFor(q, actor, agent_service));
    return outbox_.PrepareAnswer(q.tenant_id, m, signature);
}

}  // namespace guichet::mail
