"""Move a WordPress blog in: posts, pages and comment threads from a WXR export."""
