// WsSession: one WebSocket connection of the server (server.cpp alone includes this header, which
// brings in Beast): shared by its read loop and its write loop, joins the WsHub while open, has
// a single writer with a bounded queue (a client too far behind is dropped and reconnects).
// Thread-safety: Send may be called from any thread; everything else runs on the connection's
// strand.
#pragma once

#include <deque>
#include <memory>
#include <string>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include "core/ids.hpp"
#include "http/ws_hub.hpp"

namespace guichet::http {

namespace ws_detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
namespace websocket = beast::websocket;

// Messages queued for a client beyond which it is dropped.
inline constexpr std::size_t kMaxQueuedWsMessages = 1024;

class WsSession final : public WsClient, public std::enable_shared_from_this<WsSession> {
  public:
    WsSession(beast::tcp_stream&& stream, WsPeer peer)
        : ws_(std::move(stream)), peer_(std::move(peer)) {}

    const std::string& tenant_id() const override { return peer_.tenant_id; }
    bool MaySee(std::string_view permission) const override {
        return peer_.may_see && peer_.may_see(permission);
    }

    void Send(std::shared_ptr<const std::string> text) override {
        asio::post(ws_.get_executor(),
                   [self = shared_from_this(), text = std::move(text)] { self->Enqueue(text); });
    }

    // Runs on the connection's strand.
    void Stop() {
        closed_ = true;
        beast::error_code ec;
        beast::get_lowest_layer(ws_).socket().cancel(ec);
    }

    asio::awaitable<void> Run(bhttp::request<bhttp::string_body> request, WsHub& hub) {
        auto self = shared_from_this();
        ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        ws_.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& res) { res.set(bhttp::field::server, "guichet"); }));
        ws_.read_message_max(64 * 1024);
        beast::error_code ec;
        beast::get_lowest_layer(ws_).expires_never();
        co_await ws_.async_accept(request, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
        ws_.text(true);
        hub.Join(self);
        if (peer_.on_open) {
            peer_.on_open([this](std::string text) {
                Enqueue(std::make_shared<const std::string>(std::move(text)));
            });
        }
        beast::flat_buffer buffer;
        while (!closed_) {
            co_await ws_.async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
            if (ec) break;
            // Clients only ping for now; every other message is ignored.
            std::string text = beast::buffers_to_string(buffer.data());
            buffer.consume(buffer.size());
            if (text.find("\"ping\"") != std::string::npos) {
                Send(std::make_shared<const std::string>(WsHub::Envelope("pong", NewId(), "{}")));
            }
        }
        closed_ = true;
        hub.Leave(this);
        if (peer_.on_close) peer_.on_close();
    }

  private:
    // Strand only: queues a message and starts the writer if it is idle.
    void Enqueue(std::shared_ptr<const std::string> text) {
        if (closed_) return;
        if (queue_.size() >= kMaxQueuedWsMessages) {
            // A client this far behind is gone or hostile: drop it; it will reconnect.
            Stop();
            return;
        }
        queue_.push_back(std::move(text));
        if (!writing_) {
            writing_ = true;
            asio::co_spawn(ws_.get_executor(), WriteLoop(), asio::detached);
        }
    }

    asio::awaitable<void> WriteLoop() {
        auto self = shared_from_this();
        while (!queue_.empty() && !closed_) {
            auto message = queue_.front();
            beast::error_code ec;
            co_await ws_.async_write(asio::buffer(*message),
                                     asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                closed_ = true;
                break;
            }
            queue_.pop_front();
        }
        queue_.clear();
        writing_ = false;
    }

    websocket::stream<beast::tcp_stream> ws_;
    WsPeer peer_;
    std::deque<std::shared_ptr<const std::string>> queue_;  // Strand only.
    bool writing_ = false;                                  // Strand only.
    bool closed_ = false;                                   // Strand only.
};

}  // namespace ws_detail

using ws_detail::WsSession;

}  // namespace guichet::http
