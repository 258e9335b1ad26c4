-- wrk script for tests/soak: rotates over the portal's pages, sends the
-- session cookie where the page needs a login, and checks every answer
-- against the status expected for its path (one connection per thread, so
-- answers come back in the order the requests went out).
--   wrk -t4 -c4 -d60s -s soak.lua URL -- "sc=TOKEN" COMPANY_ID
local threads = {}

function setup(thread)
	table.insert(threads, thread)
	thread:set("id", #threads)
end

function init(args)
	cookie = args[1]
	local loc = "/companies/" .. args[2] .. "/locations"
	-- path, with the session cookie, expected status
	paths = {
		{ "/login", false, 200 },
		{ "/login.xml", false, 200 },
		{ "/companies", true, 200 },
		{ "/companies.xml", true, 200 },
		{ loc, true, 200 },
		{ loc .. ".xml", true, 200 },
		{ "/no-such-page", true, 404 },
		{ "/no-such-page.xml", true, 404 },
	}
	i = 0
	q, qh, qt = {}, 1, 0
	-- wrk calls request() once on the first thread right after init, to
	-- check the script (script_verify_request): no answer comes for it.
	verify_call = (id == 1)
	total, ok, expected404, bad, s5xx, unmatched = 0, 0, 0, 0, 0, 0
	badinfo = ""
end

function request()
	if verify_call then
		verify_call = false
		return wrk.format("GET", "/login")
	end
	i = i + 1
	local p = paths[(i - 1) % #paths + 1]
	qt = qt + 1
	q[qt] = p
	local h = {}
	if p[2] then
		h["Cookie"] = cookie
	end
	return wrk.format("GET", p[1], h)
end

function response(status, headers, body)
	local p = q[qh]
	q[qh] = nil
	qh = qh + 1
	total = total + 1
	if status >= 500 then
		s5xx = s5xx + 1
	end
	if p == nil then
		unmatched = unmatched + 1
	elseif status == p[3] then
		if status == 404 then
			expected404 = expected404 + 1
		else
			ok = ok + 1
		end
	else
		bad = bad + 1
		if #badinfo < 300 then
			badinfo = badinfo .. p[1] .. "=" .. status .. " "
		end
	end
end

function done(summary, latency, requests)
	local t = { total = 0, ok = 0, expected404 = 0, bad = 0, s5xx = 0, unmatched = 0 }
	local info = ""
	for _, th in ipairs(threads) do
		for k, _ in pairs(t) do
			t[k] = t[k] + (th:get(k) or 0)
		end
		info = info .. (th:get("badinfo") or "")
	end
	io.write(string.format("SOAK total=%d ok=%d expected404=%d bad=%d s5xx=%d unmatched=%d\n",
		t.total, t.ok, t.expected404, t.bad, t.s5xx, t.unmatched))
	io.write("SOAKBAD " .. info .. "\n")
end
