%% A ~100-way select_val on integers (dense 0..99 with holes) and a
%% ~100-way select_val on atoms.
-module(select_big).
-export([main/0]).

main() ->
    {sum_ints(-5, 110, 0), collect(-5, 110), sum_atoms(atoms(), 0)}.

sum_ints(I, Max, Acc) when I > Max -> Acc;
sum_ints(I, Max, Acc) -> sum_ints(I + 1, Max, Acc + big(I)).

collect(I, Max) when I > Max -> [];
collect(I, Max) -> [big(I) | collect(I + 1, Max)].

big(0) -> 1;
big(1) -> 857;
big(2) -> 704;
big(3) -> 551;
big(4) -> 398;
big(6) -> 92;
big(7) -> 948;
big(8) -> 795;
big(9) -> 642;
big(10) -> 489;
big(11) -> 336;
big(12) -> 183;
big(13) -> 30;
big(14) -> 886;
big(15) -> 733;
big(16) -> 580;
big(17) -> 427;
big(18) -> 274;
big(19) -> 121;
big(20) -> 977;
big(21) -> 824;
big(23) -> 518;
big(24) -> 365;
big(25) -> 212;
big(26) -> 59;
big(27) -> 915;
big(28) -> 762;
big(29) -> 609;
big(30) -> 456;
big(31) -> 303;
big(32) -> 150;
big(33) -> 1006;
big(34) -> 853;
big(35) -> 700;
big(36) -> 547;
big(37) -> 394;
big(38) -> 241;
big(40) -> 944;
big(41) -> 791;
big(42) -> 638;
big(43) -> 485;
big(44) -> 332;
big(45) -> 179;
big(46) -> 26;
big(47) -> 882;
big(48) -> 729;
big(49) -> 576;
big(50) -> 423;
big(51) -> 270;
big(52) -> 117;
big(53) -> 973;
big(54) -> 820;
big(55) -> 667;
big(57) -> 361;
big(58) -> 208;
big(59) -> 55;
big(60) -> 911;
big(61) -> 758;
big(62) -> 605;
big(63) -> 452;
big(64) -> 299;
big(65) -> 146;
big(66) -> 1002;
big(67) -> 849;
big(68) -> 696;
big(69) -> 543;
big(70) -> 390;
big(71) -> 237;
big(72) -> 84;
big(74) -> 787;
big(75) -> 634;
big(76) -> 481;
big(77) -> 328;
big(78) -> 175;
big(79) -> 22;
big(80) -> 878;
big(81) -> 725;
big(82) -> 572;
big(83) -> 419;
big(84) -> 266;
big(85) -> 113;
big(86) -> 969;
big(87) -> 816;
big(88) -> 663;
big(89) -> 510;
big(91) -> 204;
big(92) -> 51;
big(93) -> 907;
big(94) -> 754;
big(95) -> 601;
big(96) -> 448;
big(97) -> 295;
big(98) -> 142;
big(99) -> 998;
big(_) -> 0.

atoms() ->
    [w33_h,
     w25_z,
     w1_a,
     w86_i,
     w80_c,
     w98_u,
     w21_v,
     w95_r,
     w84_g,
     w1_b,
     w22_w,
     w0_a,
     w61_j,
     w75_x,
     w24_y,
     w49_x,
     w26_a,
     w44_s,
     w78_a,
     w81_d,
     w47_v,
     w2_c,
     w51_z,
     w38_m,
     w14_o,
     w48_w,
     w10_k,
     w32_g,
     w16_q,
     w96_s,
     w65_n,
     w69_r,
     w42_q,
     w59_h,
     w90_m,
     missing,
     w66_o,
     w93_p,
     w57_f,
     w29_d,
     w20_u,
     w89_l,
     w34_i,
     w60_i,
     w31_f,
     w13_n,
     w63_l,
     w3_d,
     w56_e,
     w88_k,
     w45_t,
     w62_k,
     w58_g,
     w23_x,
     w94_q,
     w40_o,
     w36_k,
     w67_p,
     w71_t,
     w82_e,
     w43_r,
     w52_a,
     w35_j,
     w39_n,
     w77_z,
     w18_s,
     w85_h,
     w37_l,
     w17_r,
     w5_f,
     w76_y,
     w97_t,
     w99_v,
     w73_v,
     w79_b,
     w92_o,
     w28_c,
     w15_p,
     w72_u,
     w91_n,
     w54_c,
     w70_s,
     w87_j,
     w30_e,
     w8_i,
     w53_b,
     w55_d,
     w11_l,
     w4_e,
     w27_b,
     w64_m,
     w7_h,
     w74_w,
     w46_u,
     w12_m,
     w68_q,
     w9_j,
     w6_g,
     w83_f,
     w50_y,
     w19_t,
     w41_p].

sum_atoms([], Acc) -> Acc;
sum_atoms([A | T], Acc) -> sum_atoms(T, Acc * 3 rem 1000003 + atom_val(A)).

atom_val(w0_a) -> 1;
atom_val(w1_b) -> 2;
atom_val(w2_c) -> 5;
atom_val(w3_d) -> 10;
atom_val(w4_e) -> 17;
atom_val(w5_f) -> 26;
atom_val(w6_g) -> 37;
atom_val(w7_h) -> 50;
atom_val(w8_i) -> 65;
atom_val(w9_j) -> 82;
atom_val(w10_k) -> 101;
atom_val(w11_l) -> 122;
atom_val(w12_m) -> 145;
atom_val(w13_n) -> 170;
atom_val(w14_o) -> 197;
atom_val(w15_p) -> 226;
atom_val(w16_q) -> 257;
atom_val(w17_r) -> 290;
atom_val(w18_s) -> 325;
atom_val(w19_t) -> 362;
atom_val(w20_u) -> 401;
atom_val(w21_v) -> 442;
atom_val(w22_w) -> 485;
atom_val(w23_x) -> 530;
atom_val(w24_y) -> 577;
atom_val(w25_z) -> 626;
atom_val(w26_a) -> 677;
atom_val(w27_b) -> 730;
atom_val(w28_c) -> 785;
atom_val(w29_d) -> 842;
atom_val(w30_e) -> 901;
atom_val(w31_f) -> 962;
atom_val(w32_g) -> 1025;
atom_val(w33_h) -> 1090;
atom_val(w34_i) -> 1157;
atom_val(w35_j) -> 1226;
atom_val(w36_k) -> 1297;
atom_val(w37_l) -> 1370;
atom_val(w38_m) -> 1445;
atom_val(w39_n) -> 1522;
atom_val(w40_o) -> 1601;
atom_val(w41_p) -> 1682;
atom_val(w42_q) -> 1765;
atom_val(w43_r) -> 1850;
atom_val(w44_s) -> 1937;
atom_val(w45_t) -> 2026;
atom_val(w46_u) -> 2117;
atom_val(w47_v) -> 2210;
atom_val(w48_w) -> 2305;
atom_val(w49_x) -> 2402;
atom_val(w50_y) -> 2501;
atom_val(w51_z) -> 2602;
atom_val(w52_a) -> 2705;
atom_val(w53_b) -> 2810;
atom_val(w54_c) -> 2917;
atom_val(w55_d) -> 3026;
atom_val(w56_e) -> 3137;
atom_val(w57_f) -> 3250;
atom_val(w58_g) -> 3365;
atom_val(w59_h) -> 3482;
atom_val(w60_i) -> 3601;
atom_val(w61_j) -> 3722;
atom_val(w62_k) -> 3845;
atom_val(w63_l) -> 3970;
atom_val(w64_m) -> 4097;
atom_val(w65_n) -> 4226;
atom_val(w66_o) -> 4357;
atom_val(w67_p) -> 4490;
atom_val(w68_q) -> 4625;
atom_val(w69_r) -> 4762;
atom_val(w70_s) -> 4901;
atom_val(w71_t) -> 5042;
atom_val(w72_u) -> 5185;
atom_val(w73_v) -> 5330;
atom_val(w74_w) -> 5477;
atom_val(w75_x) -> 5626;
atom_val(w76_y) -> 5777;
atom_val(w77_z) -> 5930;
atom_val(w78_a) -> 6085;
atom_val(w79_b) -> 6242;
atom_val(w80_c) -> 6401;
atom_val(w81_d) -> 6562;
atom_val(w82_e) -> 6725;
atom_val(w83_f) -> 6890;
atom_val(w84_g) -> 7057;
atom_val(w85_h) -> 7226;
atom_val(w86_i) -> 7397;
atom_val(w87_j) -> 7570;
atom_val(w88_k) -> 7745;
atom_val(w89_l) -> 7922;
atom_val(w90_m) -> 8101;
atom_val(w91_n) -> 8282;
atom_val(w92_o) -> 8465;
atom_val(w93_p) -> 8650;
atom_val(w94_q) -> 8837;
atom_val(w95_r) -> 9026;
atom_val(w96_s) -> 9217;
atom_val(w97_t) -> 9410;
atom_val(w98_u) -> 9605;
atom_val(w99_v) -> 9802;
atom_val(_) -> -1.
