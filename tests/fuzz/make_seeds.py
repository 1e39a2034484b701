#!/usr/bin/env python3
# Writes the seed corpora of fuzz_buffer, fuzz_submit and fuzz_accounts_edit (tests/fuzz/corpus/<target>/): small
# valid and edge-case inputs in each harness's input format. Run from the repository root.
import struct, os
C='tests/fuzz/corpus/'
def w(t,n,b):
    open(C+t+'/'+n,'wb').write(b)
# ---- buffer: mode, base, ptr, length, ulen, umax, then the buffer
def buf(mode, base, ptr, length, ulen, umax, body):
    return struct.pack('<BQQQHH', mode, base, ptr, length, ulen, umax) + body
body = bytes(range(64))
w('buffer','offset_inside.bin', buf(0, 0x00007FF612340000, 16, 8, 8, 10, body))
w('buffer','absolute_inside.bin', buf(4, 0x00007FF612340000, 0x00007FF612340000+16, 8, 8, 8, body))
w('buffer','ends_at_end.bin', buf(0, 0x00007FF612340000, 64, 0, 0, 0, body))
w('buffer','one_past_end.bin', buf(0, 0x00007FF612340000, 60, 5, 6, 6, body))
w('buffer','null_with_length.bin', buf(0, 0x1000, 0, 4, 4, 4, body))
w('buffer','odd_and_max_below.bin', buf(0, 0x1000, 8, 2, 3, 2, body))
w('buffer','base_near_top.bin', buf(2, 0x10, 0xFFFFFFFFFFFFFFF0, 0x20, 2, 2, body))
w('buffer','small_base_both_readings.bin', buf(1, 8, 16, 8, 8, 8, body))
w('buffer','huge_length.bin', buf(0, 0x00007FF612340000, 8, 0xFFFFFFFFFFFFFFF8, 0xFFFE, 0xFFFF, body))
w('buffer','x86_base.bin', buf(5, 0x00401000, 0x00401010, 4, 4, 4, body))
# ---- submit: byte0 = layout | x86 << 2 | mode << 3 ; base ; buffer
def us(length, maxlen, ptr, x86):
    return struct.pack('<HHI', length, maxlen, ptr) if x86 else struct.pack('<HHIQ', length, maxlen, 0, ptr)
def u16(s): return s.encode('utf-16-le')
def submit(layout, x86, mode, base_raw, payload):
    return bytes([layout | (x86<<2) | (mode<<3)]) + struct.pack('<Q', base_raw) + payload
X64BASE = 0x00007FF012345000
X86BASE = 0x00410000
def interactive(x86, absolute, unlock=False, strings=('.', 'alice', 'Secret123')):
    size = (36 if unlock else 28) if x86 else (64 if unlock else 56)
    data = b''; offs = []
    for s in strings:
        offs.append(size + len(data)); data += u16(s)
    base = X86BASE if x86 else X64BASE
    hdr = struct.pack('<I', 2) + (b'' if x86 else b'\0'*4)
    for s, o in zip(strings, offs):
        hdr += us(len(u16(s)), len(u16(s)), (base + o) if absolute else o, x86)
    if unlock: hdr += struct.pack('<II', 0x1234, 0)
    assert len(hdr) == size, (len(hdr), size)
    return hdr + data
for x86 in (0, 1):
    for absolute in (0, 1):
        tag = ('x86' if x86 else 'x64') + ('_absolute' if absolute else '_offsets')
        # mode 0 keeps the raw base (as a 32-bit value on x86)
        base = X86BASE if x86 else X64BASE
        w('submit', 'interactive_'+tag+'.bin', submit(0, x86, 0, base, interactive(x86, absolute)))
        w('submit', 'unlock_'+tag+'.bin', submit(1, x86, 0, base, interactive(x86, absolute, True)))
def s4u(x86, absolute, upn='alice@example', dom=''):
    size = 24 if x86 else 40
    base = X86BASE if x86 else X64BASE
    hdr = struct.pack('<II', 12, 0)
    data = u16(upn) + u16(dom)
    p1 = size; p2 = size + len(u16(upn))
    hdr += us(len(u16(upn)), len(u16(upn)), (base+p1) if absolute else p1, x86)
    hdr += us(len(u16(dom)), len(u16(dom)), ((base+p2) if absolute else p2) if dom else 0, x86)
    assert len(hdr) == size
    return hdr + data
def lm20(x86, absolute, cleartext=False):
    size = 56 if x86 else 104
    base = X86BASE if x86 else X64BASE
    strs = [u16('.'), u16('alice'), u16('WS')]
    nt = u16('Secret123') if cleartext else bytes(range(24))
    lm = b'' if cleartext else bytes(24)
    data = b''; offs = []
    for s in strs + [nt, lm]:
        offs.append(size + len(data)); data += s
    P = lambda o, l: ((base + o) if absolute else o) if l else 0
    hdr = struct.pack('<I', 2) + (b'' if x86 else b'\0'*4)
    for s, o in zip(strs, offs[:3]): hdr += us(len(s), len(s), P(o, len(s)), x86)
    hdr += bytes([1,2,3,4,5,6,7,8])
    hdr += us(len(nt), len(nt), P(offs[3], len(nt)), x86)
    hdr += us(len(lm), len(lm), P(offs[4], len(lm)), x86)
    hdr += struct.pack('<I', 0x4000 if cleartext else 0) + (b'' if x86 else b'\0'*4)
    assert len(hdr) == size, (len(hdr), size)
    return hdr + data
for x86 in (0, 1):
    for absolute in (0, 1):
        tag = ('x86' if x86 else 'x64') + ('_absolute' if absolute else '_offsets')
        base = X86BASE if x86 else X64BASE
        w('submit', 's4u_'+tag+'.bin', submit(2, x86, 0, base, s4u(x86, absolute)))
        w('submit', 'lm20_'+tag+'.bin', submit(3, x86, 0, base, lm20(x86, absolute)))
w('submit', 'lm20_x64_cleartext.bin', submit(3, 0, 0, X64BASE, lm20(0, 0, True)))
w('submit', 's4u_x64_domain.bin', submit(2, 0, 0, X64BASE, s4u(0, 1, 'bob', 'CORP')))
w('submit', 'interactive_x64_short.bin', submit(0, 0, 0, X64BASE, interactive(0, 0)[:40]))
w('submit', 'interactive_x64_base_near_zero.bin', submit(0, 0, 1, 0x20, interactive(0, 0)))
# ---- accounts_edit: text, NUL, script
text = open('tests/fuzz/corpus/accounts/lockout.ini','rb').read()
basic = open('tests/fuzz/corpus/accounts/basic.ini','rb').read()
def script(*ops): return bytes(b for op in ops for b in op)
T = lambda v: struct.pack('<Q', v)  # a time operand: 8 bytes
w('accounts_edit', 'add_set_remove.bin', basic + b'\0' + script(
    [0, 3, 0xC0], b'carol\0', bytes(range(16)),           # add CORP\carol with a hash
    [2, 0, 4], b'\xc1Carol Example\0',               # set account 0 key 4 (full_name) to a script value
    [2, 1, 3, 7],                                    # set rid to a sample
    [3, 3, 8],                                       # policy lockout_threshold = sample
    [1, 0]))                                         # remove account 0
w('accounts_edit', 'lockout_events.bin', text + b'\0' + script(
    [3, 3, 5], [3, 4, 7],                            # policy: threshold 1, duration 1000
    [5, 0], T(0x3000000000), [5, 0], T(0x3000000010),
    [7, 0], T(0x3000000020), [6, 0], T(0x3000001000), [7, 0], T(0)))
w('accounts_edit', 'bad_values.bin', basic + b'\0' + script(
    [2, 0, 11, 9], [2, 0, 16, 16], [2, 0, 21, 18], [2, 0, 8, 20], [2, 0, 5, 23], [2, 0, 2, 25], [2, 0, 0, 1],
    [4, 0], bytes(16)))
w('accounts_edit', 'empty_db.bin', b'\0' + script([0, 0], b'\xc2', [0, 0, 1], [1, 0], [5, 0]))
# ---- krb5_decrypt: table index (17, 18, 19, 20, 23 -> 0..4), key usage, ciphertext. The RFC 8009 appendix A
# ciphertexts (usage 2) and the RC4-HMAC known answer of tests/unit/test_krb5_crypto.c (usage 3) are valid under the
# harness's fixed keys; the AES-SHA1 seeds are arbitrary bytes around the format's length limits.
os.makedirs(C+'krb5_decrypt', exist_ok=True)
k = lambda i, u, *hexs: bytes([i, u]) + bytes.fromhex(''.join(hexs))
w('krb5_decrypt', 'aes128_sha256_empty.bin', k(2, 2,
    'ef85fb890bb8472f4dab20394dca781dad877eda39d50c870c0d5a0a8e48c718'))
w('krb5_decrypt', 'aes128_sha256_21.bin', k(2, 2,
    '720f73b18d9859cd6ccb4346115cd336c70f58edc0c4437c5573544c31c813bc',
    'e1e6d072c186b39a413c2f92ca9b8334a287ffcbfc'))
w('krb5_decrypt', 'aes256_sha384_6.bin', k(3, 2,
    '4ed7b37c2bcac8f74f23c1cf07e62bc7b75fb3f637b9f559c7f664f69eab7b60',
    '92237526ea0d1f61cb20d69d10f2'))
w('krb5_decrypt', 'aes256_sha384_21.bin', k(3, 2,
    '40013e2df58e8751957d2878bcd2d6fe101ccfd556cb1eae79db3c3ee86429f2',
    'b2a602ac86fef6ecb647d6295fae077a1feb517508d2c16b4192e01f62'))
w('krb5_decrypt', 'rc4_hmac_21.bin', k(4, 3,
    'daa6ea23a0720447b4d5aef25b2ae4b73c278c7abc96c73f0c968677d758070a',
    '9a4122afa9a57f4278ea9219ed'))
for i in (0, 1):
    for n in (0, 15, 27, 28, 29, 44, 60):
        w('krb5_decrypt', 'aes_sha1_%d_%d.bin' % (i, n), bytes([i, 1]) + bytes((j * 37 + n) & 255 for j in range(n)))

# ---- krb5_asn1: byte0 = index into k5_asn1_all_types (src/krb5/asn1/krb5_asn1_tables.c), then one DER message
def der(tag, body):
    n = len(body)
    ln = bytes([n]) if n < 0x80 else bytes([0x80 | ((n.bit_length() + 7) // 8)]) + n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([tag]) + ln + body
def seq(*xs): return der(0x30, b''.join(xs))
def ctx(n, x): return der(0xa0 | n, x)
def app(n, x): return der(0x60 | n, x)
def integer(v): return der(0x02, v.to_bytes(max(1, (v + (v < 0)).bit_length() // 8 + 1), 'big', signed=True))
def octets(b): return der(0x04, b)
def gstr(s): return der(0x1b, s.encode())
def ktime(s): return der(0x18, s.encode())
def flags(v): return der(0x03, b'\0' + v.to_bytes(4, 'big'))
def fields(*pairs): return seq(*[ctx(n, x) for n, x in pairs])
def pname(t, *names): return fields((0, integer(t)), (1, seq(*[gstr(s) for s in names])))
REALM = gstr('EXAMPLE.COM')
KEY = fields((0, integer(18)), (1, octets(bytes(range(32)))))
ENC = fields((0, integer(18)), (1, integer(2)), (2, octets(b'\xa5' * 40)))
TGT = app(1, fields((0, integer(5)), (1, REALM), (2, pname(2, 'krbtgt', 'EXAMPLE.COM')), (3, ENC)))
ADDR = fields((0, integer(2)), (1, octets(b'\x7f\0\0\1')))
AD = seq(fields((0, integer(1)), (1, octets(b'\x30\x00'))))
PA = fields((1, integer(128)), (2, octets(b'\x30\x05\xa0\x03\x01\x01\xff')))
T1 = ktime('20261204160000Z'); T2 = ktime('20261205020000Z')
BODY = fields((0, flags(0x40810010)), (1, pname(1, 'alice')), (2, REALM), (3, pname(2, 'krbtgt', 'EXAMPLE.COM')),
              (5, ktime('20370913024805Z')), (7, integer(0x9d2c4e11)), (8, seq(integer(18), integer(17), integer(23))),
              (9, seq(ADDR)))
TGS_BODY = fields((0, flags(0)), (2, REALM), (3, pname(2, 'cifs', 'fs.example.com')), (4, T1), (5, T2), (6, T2),
                  (7, integer(7)), (8, seq(integer(18))), (10, ENC), (11, seq(TGT)))
REP = lambda m: fields((0, integer(5)), (1, integer(m)), (2, seq(PA)), (3, REALM), (4, pname(1, 'alice')), (5, TGT), (6, ENC))
ENCREP = fields((0, KEY), (1, seq(fields((0, integer(0)), (1, T1)))), (2, integer(1)), (3, ktime('20270101000000Z')),
                (4, flags(0x40e10000)), (5, T1), (6, T1), (7, T2), (8, T2), (9, REALM),
                (10, pname(2, 'krbtgt', 'EXAMPLE.COM')), (11, seq(ADDR)))
CREDINFO = fields((0, KEY), (1, REALM), (2, pname(1, 'alice')), (3, flags(0x40e00000)), (4, T1), (5, T1), (6, T2),
                  (7, T2), (8, REALM), (9, pname(2, 'krbtgt', 'EXAMPLE.COM')), (10, seq(ADDR)))
krb5 = [
    ('principal_name', pname(1, 'alice')),
    ('encryption_key', KEY),
    ('encrypted_data', ENC),
    ('checksum', fields((0, integer(0x8003)), (1, octets(bytes(24))))),
    ('pa_data', PA),
    ('method_data', seq(PA, fields((1, integer(2)), (2, octets(b''))))),
    ('host_address', ADDR),
    ('host_addresses', seq(ADDR, fields((0, integer(24)), (1, octets(bytes(15) + b'\1'))))),
    ('kdc_req_body', BODY),
    ('as_req', app(10, fields((1, integer(5)), (2, integer(10)), (3, seq(PA)), (4, BODY)))),
    ('tgs_req', app(12, fields((1, integer(5)), (2, integer(12)), (3, seq(fields((1, integer(1)), (2, octets(b'\x6e\x00'))))), (4, TGS_BODY)))),
    ('as_rep', app(11, REP(11))),
    ('tgs_rep', app(13, REP(13))),
    ('enc_as_rep_part', app(25, ENCREP)),
    ('enc_tgs_rep_part', app(26, ENCREP)),
    ('last_req', seq(fields((0, integer(0)), (1, T1)), fields((0, integer(-6)), (1, T2)))),
    ('ticket', TGT),
    ('enc_ticket_part', app(3, fields((0, flags(0x50e10000)), (1, KEY), (2, REALM), (3, pname(1, 'alice')),
                                      (4, fields((0, integer(1)), (1, octets(b'')))), (5, T1), (6, T1), (7, T2), (8, T2),
                                      (9, seq(ADDR)), (10, AD)))),
    ('transited_encoding', fields((0, integer(1)), (1, octets(b'EXAMPLE.COM,')))),
    ('authorization_data', AD),
    ('authenticator', app(2, fields((0, integer(5)), (1, REALM), (2, pname(1, 'alice')),
                                    (3, fields((0, integer(0x8003)), (1, octets(bytes(24))))), (4, integer(999999)), (5, T1),
                                    (6, KEY), (7, integer(0xffffffff)), (8, AD)))),
    ('ap_req', app(14, fields((0, integer(5)), (1, integer(14)), (2, flags(0x20000000)), (3, TGT), (4, ENC)))),
    ('krb_error', app(30, fields((0, integer(5)), (1, integer(30)), (2, T1), (3, integer(0)), (4, T1), (5, integer(123456)),
                                 (6, integer(25)), (7, REALM), (8, pname(1, 'alice')), (9, REALM),
                                 (10, pname(2, 'krbtgt', 'EXAMPLE.COM')), (11, gstr('NEEDED_PREAUTH')), (12, octets(b'\x30\x00'))))),
    ('etype_info2_entry', fields((0, integer(18)), (1, gstr('EXAMPLE.COMalice')), (2, octets(b'\0\0\x10\0')))),
    ('etype_info2', seq(fields((0, integer(18)), (1, gstr('EXAMPLE.COMalice'))), fields((0, integer(23))))),
    ('pa_enc_ts_enc', fields((0, T1), (1, integer(42)))),
    ('krb_cred', app(22, fields((0, integer(5)), (1, integer(22)), (2, seq(TGT, TGT)), (3, ENC)))),
    ('enc_krb_cred_part', app(29, fields((0, seq(CREDINFO)), (1, integer(7)), (2, T1), (3, integer(5)), (4, ADDR), (5, ADDR)))),
    ('krb_cred_info', CREDINFO),
    ('ap_rep', app(15, fields((0, integer(5)), (1, integer(15)), (2, ENC)))),
    ('enc_ap_rep_part', app(27, fields((0, T1), (1, integer(999999)), (2, KEY), (3, integer(0x80000000))))),
    ('krb_priv', app(21, fields((0, integer(5)), (1, integer(21)), (3, ENC)))),
    ('enc_krb_priv_part', app(28, fields((0, octets(b'\0\0user data')), (1, T1), (2, integer(17)), (3, integer(1)), (4, ADDR), (5, ADDR)))),
    ('change_passwd_data', fields((0, octets(b'N3w-Passw0rd')), (1, pname(1, 'alice')), (2, REALM))),
    ('pa_for_user', fields((0, pname(1, 'bob')), (1, REALM), (2, fields((0, integer(-138)), (1, octets(bytes(16))))),
                           (3, gstr('Kerberos')))),
    ('s4u_user_id', fields((0, integer(0x1234)), (1, pname(1, 'bob')), (2, REALM), (4, flags(0x20000000)))),
    ('pa_s4u_x509_user', fields((0, fields((0, integer(0x1234)), (1, pname(1, 'bob')), (2, REALM), (3, octets(b'\x30\x00')),
                                           (4, flags(0x20000000)))),
                                (1, fields((0, integer(16)), (1, octets(bytes(12))))))),
]
for i, (name, msg) in enumerate(krb5):
    w('krb5_asn1', '%02d_%s.der' % (i, name), bytes([i]) + msg)
# malformed neighbours: indefinite length, non-minimal length, a depth bomb
w('krb5_asn1', 'x_indefinite.der', bytes([22]) + b'\x7e\x80\x30\x80\0\0\0\0')
w('krb5_asn1', 'x_nonminimal_length.der', bytes([0]) + b'\x30\x81\x05\xa0\x03\x02\x01\x01')
bomb = b''
for _ in range(40): bomb = der(0x30, bomb)
w('krb5_asn1', 'x_depth_bomb.der', bytes([26]) + bomb)

# ---- krb5_kpasswd: a reply frame (length, version, AP-REP length, AP-REP, KRB-PRIV or KRB-ERROR); the encrypted parts
# are not under the harness's keys, so these reach the frame, the DER and the MAC checks
def kpw(version, aprep, rest):
    return struct.pack('>HHH', 6 + len(aprep) + len(rest), version, len(aprep)) + aprep + rest
APREP = app(15, fields((0, integer(5)), (1, integer(15)), (2, ENC)))
PRIV = app(21, fields((0, integer(5)), (1, integer(21)), (3, ENC)))
KPW_ERR = app(30, fields((0, integer(5)), (1, integer(30)), (4, T1), (5, integer(0)), (6, integer(41)), (9, REALM),
                         (10, pname(2, 'kadmin', 'changepw')), (12, octets(b'\0\x03Failed reading application request'))))
w('krb5_kpasswd', 'reply.bin', kpw(1, APREP, PRIV))
w('krb5_kpasswd', 'reply_setpw.bin', kpw(0xff80, APREP, PRIV))
w('krb5_kpasswd', 'krb_error.bin', kpw(1, b'', KPW_ERR))
w('krb5_kpasswd', 'aprep_then_error.bin', kpw(1, APREP, KPW_ERR))
w('krb5_kpasswd', 'short.bin', b'\0\x06\0\x01\0\0')
