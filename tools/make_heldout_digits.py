"""A held-out evaluation set, made another way than tools/make_user_digits.py, to check the course's
preprocessing was not tuned to its own generator.

另一种方法做出的评测集（不是 make_user_digits.py 的风格）：别人写的数字（UCI 手写数字，8x8、16 级灰度，
由 43 位书写者所写，scikit-learn 自带），以及 MNIST 测试集数字经过另一些退化：散焦（圆盘模糊）、
运动模糊、椒盐噪声、硬阴影、透视、马赛克、极低质量 JPEG；还有由它们组成的多位数。

第二组（--kinds second）又是另一种做法，与以上两个工具都不同：弱光高 ISO、反光过曝、揉皱的纸、
印刷网点、断续的圆珠笔、倾斜、白板、便利贴，以及沿骨架用圆头笔重画的数字和大小不一的多位数。

第三组（--kinds third）与以上都不同：拍电脑屏幕、传真、复印件、毛笔（扁笔尖，粗细随方向变化）、
无碳复写联、螺旋装订本、热敏小票上的数字、信封上的数字。

第四组（--kinds fourth）又与以上都不同：照片里纸张周围的东西（桌上的索引卡、撕下的纸片和按住一角的拇指、
写字板和它的金属夹、活页夹的孔和铁环、握在手里的手机上画的数字）、印刷表格的方格（每格一位数）、
手抖的弯曲运动模糊、聊天软件的两次压缩转发、工程坐标纸与点阵纸、薄纸透出背面的镜像字迹，以及向上倾斜、
大小不一的多位数。

第五组（--kinds fifth）又与以上都不同：照片里纸张周围的另一些东西（摊开的笔记本的对页和中缝阴影、
格子布、条纹布或床单上的纸、白板的铝框和笔槽、双手举起的纸和压在纸上的拇指、透明文件套的反光带）、
印刷练习题的答案圈、答案框或答题横线、写得快而彼此相连的多位数、手指在起雾的玻璃上写的数字、
儿童画本上的彩色铅笔字，以及没有数字的图片（标签 none）：空白卡片、便利贴、空的答案框或表格、
涂掉的乱线、随手画的星星、爱心、笑脸或箭头。

第六组（--kinds sixth）又与以上都不同：黑板上的粉笔字（深色底上的浅色字，背后是板擦擦过留下的粉笔灰）、
渗进压花餐巾纸纤维里的水笔字、手机夜景模式强力降噪后的暗照片（抹成水彩般的色块，对比度低）、
老式 1 位扫描仪的误差扩散抖动点、整页大照片里只有 10-16 像素高的数字、手抖造成的两次曝光重影、
浅色荧光笔写的字、廉价广角镜头又暗又软、带彩边的角落里的数字、灯光频闪透过卷帘快门留下的明暗条纹、
像电话号码那样分组书写的长数字、每一位换一支笔写的多位数，以及没有数字、只有咖啡杯印、水渍
或铅笔蹭脏的纸（标签 none）。

第七组（--kinds seventh）又与以上都不同：夜里台灯（钨丝灯）下的横线卡片（整张照片偏橙，一圈亮光、四角很暗）、
发黄并长了褐色霉斑的旧纸扫描件、页面卷曲使彩色方格线弯成曲线的坐标纸、电脑画图软件的截图（工具栏、调色板，
鼠标画的锯齿笔画）、灰色再生纸上带纤维和杂色碎屑的铅笔字、压在玻璃桌面下的纸（玻璃映出房间和窗户）、
很斜的角度拍的纸（近大远小、远处失焦）、未干的墨水被手蹭花、写错后划掉再在旁边写对的数字（标签是写对的那个）、
忽高忽低、大小不一的多位数，以及没有数字的图片（标签 none）：只有印刷文字的书页、只画了太阳、房子、树或花的横线纸。

第八组（--kinds eighth）由一个从没运行过本课程预处理的人来做，又与以上都不同：用橡皮擦掉一个数字后在原处用铅笔
写上另一个（留下灰色的擦痕、旧数字的淡淡残影和橡皮屑；标签是新写的那个）、树下斑驳的阳光（阴影偏蓝，光斑偏暖、
部分过曝）、运动相机的鱼眼照片（桶形畸变使横线弯曲，四角很暗，字不在画面中间）、笔记本电脑摄像头拍的举到镜头前的纸
（画面小、对焦不准、过度锐化的白边黑边、颜色渗开）、写在手背上的圆珠笔字（皮肤纹理和褶皱）、被老师用红笔圈起来的数字、
带小数点或逗号的数（标签只有数字）、横线卡片连同上面的数一起转了 20-30 度，以及没有数字的图片（标签 none）：
打了勾或叉的印刷清单、只有手写的运算符号（加减乘除、等号、问号、大于小于号）。

第九组（--kinds ninth）也由一个从没运行过本课程预处理的人来做，又与以上都不同：镜头被沾油的手指摸过、外面还贴着
有划痕的保护膜（一片朦胧、对比度低、顺着擦的方向糊开的区域，划痕成了淡淡的亮条）、黄色拍纸簿（蓝绿横线、左边红色双竖线）
在冷白 LED 灯下拍（整张照片强烈偏蓝绿）、老式酒精油印（紫色油印）的复印件（紫色墨迹晕开、浓淡不匀、顺着滚筒方向有条纹）、
描图纸上的铅笔字（下面花布或包装纸的圆点、条纹或格子透上来，模糊而淡）、断水的中性笔写的字又被一滴水洇开（水滴里
笔画变淡、周围一团浅色、边缘干后留下深色水线）、手机横扫并抖动时卷帘快门造成的歪斜和波动、写得很快的多位数（窄、
向前倾、相邻数字碰在一起或笔画稍稍相交，1 除外）、纸箱上美纹纸胶带上的记号笔数字（斜着拍，一边近一边远），
以及没有数字的图片（标签 none）：印刷横线上的手写签名、手画的空表格。

第十组（--kinds tenth）也由一个从没运行过本课程预处理的人来做，又与以上都不同：纸张周围有一大片比纸暗得多或亮得多的东西
（占画面 40-70% 的深色桌面，纸随意转动、一两边超出画面、被拍得发白；过曝的明亮窗户前偏暗偏蓝、对比度低的纸；腿上深色裤子
和手机的影子；显示器上的扫描件：摩尔纹、子像素、黑色边框；深色石台上卷曲、光照不匀的热敏小票），还有手机 HDR 过度处理的亮晕
和压黑的暗部、闪光灯下的淡铅笔字（中间亮斑、四周很快变暗）、斜拍的桌上卡片上的多位数、深色模式备忘录里手写多位数的截图
（再次压缩），以及没有数字的图片（标签 none）：深色桌面上的空白纸或卡片和旁边的一支笔。

第十一组（--kinds eleventh）也由一个从没运行过本课程预处理的人来做，又与以上都不同：百叶窗在纸和桌上投下的一条条硬边阴影
（阳光处偏暖、几乎发白，阴影处偏蓝）、牛皮纸袋上的记号笔字（纸的纤维和深色斑点、纸袋侧边的折痕，有时还有锯齿状的袋口）、
蓝图上的白色线条（普鲁士蓝底、浅色方格和双线图框）、用力忽重忽轻的圆珠笔（笔画时粗而黑、时细而淡，还有几处油墨疙瘩）、
手指挡住镜头的一边（失焦、透光发红的一团）、水彩笔写的数字（透明而不匀，边缘干后较深，水彩纸的颗粒纹理）、
儿童液晶手写板（深色屏幕上黄绿色或彩虹色的笔画，塑料边框和清除按钮）、牛皮色吊牌价签上的多位数（加固圈和散在桌上的线）、
写在折痕上的多位数（纸对折后又打开，两半明暗不同，翘起的一半略短），以及没有数字的图片（标签 none）：
纸上的一两个橡皮图章印（PAID、RECEIVED 等字的方框章或带星的圆章，印得不匀）。

第十二组（--kinds twelfth）也由一个从没运行过本课程预处理的人来做，又与以上都不同：手指在湿沙上划出的数字（低角度的阳光下
沟的一边亮、一边暗，沟底湿而发暗，两旁推起的沙埂，风吹出的沙纹）、墙上的喷漆数字（边缘柔和，周围一圈雾状飞漆和漆点，
笔画底部流下的漆痕；砖墙或粗糙的水泥墙）、手机应用的"复古"滤镜（黑色被提成褪色的灰，暗部偏青、亮部偏暖，很重的暗角、
粗颗粒和一边橙色的漏光）、教室实物投影仪投在幕布上、从座位上拍的纸（发白、对比度低、中间最亮、略软，幕布的白边和暗墙，
梯形变形）、报纸空白处的圆珠笔字（灰色的新闻纸，四周一栏栏小字和栏线）、香蕉皮上的记号笔字（随果皮弯曲，两侧缩短变暗，
褐色斑点，一端偏绿）、蛋糕上用奶油挤出的多位数（圆润而有光泽的笔画，蛋糕边上一圈贝壳花边）、外带咖啡杯上的多位数（绕杯身弯曲、
两端缩短，杯子一侧亮一侧暗）、柏油路面上的彩色粉笔多位数（粉笔只留在石子顶上，颗粒感强，站着斜拍）——这三种多位数写得随意：
大小不一、忽高忽低、间距不匀，相邻数字有的碰在一起、有的几乎相碰（1 除外），以及没有数字的图片（标签 none）：
纸上的猜单词（吊人）游戏：绞架、小人和一排空格短线。

Run:    python tools/make_heldout_digits.py output/heldout --count 1500
        --kinds second, third, fourth, fifth, sixth, seventh, eighth, ninth, tenth, eleventh or twelfth: that family
        (below);
        or some
        kinds
        by name;
        the kinds take turns
Score:  python tools/score_digits.py output/heldout --model output/mnist_cnn.h5
Kinds:  first (the default): uci (one UCI digit, upscaled), uci_number (2-6 UCI digits), defocus,
        motion, salt_pepper, shadow, perspective, pixelated, jpeg10 (MNIST test digits),
        number_defocus, number_shadow.
        second: low_light, glare, crumpled, halftone, skipping_pen, slant, whiteboard, sticky_note,
        round_pen, uci_round_pen, number_scales, number_sticky_note (see _capture).
        third: screen, fax, brush, uci_brush, carbon, spiral, number_photocopy, number_receipt,
        number_envelope (see _third_capture).
        fourth: index_card, torn_scrap (and a thumb), clipboard, binder, phone_in_hand, shake (a curved
        path), messenger (recompressed twice), graph_paper, uci_show_through, number_form (a digit a
        box), number_slope (see _fourth_capture).
        fifth: notebook_spread (the facing page, the fold), cloth (checks, stripes or a sheet under the
        page), whiteboard_frame (its frame and tray), two_hands, sleeve (a plastic sleeve's gloss),
        uci_fog (a fingertip on a fogged window), colored_pencil (a kid's pad), number_worksheet (in a
        printed circle, box or line), number_touching; no digit (label none): none_blank, none_scribble,
        none_doodle (see _fifth).
        sixth: chalkboard (light on a dark board), napkin (ink feathering into tissue), night_mode (a phone's
        noise reduction), dithered (1 bit, error diffusion), tiny_in_page (10-16 px tall in a 1500-2500 px
        photo), ghosting (a double exposure), highlighter, corner_lens (a dark, soft, colour-fringed corner),
        flicker (a lamp's bands), number_phone (digits in groups), number_pens (a pen a digit); no digit:
        none_stains (see _sixth).
        seventh: lamp_pool (a tungsten desk lamp's pool of light), foxed (an old yellowed page with foxing,
        scanned), curved_grid (a coloured grid bent by the page's curl), paint_app (a paint program's
        screenshot), recycled (pencil on grey recycled paper), glass_desk (under glass mirroring the room),
        steep_angle (foreshortened, the far side out of focus), smeared (wet ink smeared by the hand),
        corrected (a wrong digit struck out beside the right one, the label), number_bouncy (digits above and
        below the line, uneven sizes); no digit: none_text (a printed page of words), none_sketch (a ruled
        page with a little drawing) (see _seventh).
        eighth (made by someone who never ran the course's preprocessing): erased (a pencil digit over a rubbed-out
        one, its ghost and the eraser's smudge; the label the new one), dappled (sunlight through leaves),
        fisheye (an action camera's barrel distortion and dark corners), webcam (a page held up to a laptop
        webcam: small, soft, over-sharpened), on_skin (ballpoint on the back of a hand), circled (circled by
        hand in red or green), number_decimal (a decimal point or comma; the label the digits only),
        number_tilted (a ruled card turned 20-30 degrees); no digit: none_ticks (a printed checklist, ticked
        and crossed), none_symbols (handwritten arithmetic signs only) (see _eighth).
        ninth (made, too, by someone who never ran the course's preprocessing): smudged_lens (a greasy lens under a
        scratched screen protector: a hazy, smeared patch), legal_pad (a yellow legal pad, its red double margin,
        under a cool LED's blue-green cast), ditto (a violet spirit-duplicator copy, bled and uneven),
        tracing_paper (pencil on tracing paper, a patterned cloth showing through), water_drop (a skipping gel
        pen, a drop of water spreading it), jello (a rolling shutter's skew and wobble), number_rushed (written
        fast: narrow, slanted, the digits touching but for a 1), number_tape (marker on masking tape on a
        cardboard box, at an angle); no digit: none_signature (a signature on a printed line), none_table (an
        empty hand-drawn table) (see _ninth).
        tenth (made, too, by someone who never ran the course's preprocessing): dark_desk (a small page on a dark desk
        filling 40-70% of the photo, turned freely, running out of the picture), bright_window (held up against a
        burnt-out window), lap_photo (on dark trousers, the phone's shadow across it), screen_photo (a scan on a
        monitor: subpixels, moire, the bezel), receipt_counter (a curling receipt on dark stone), hdr_halo (a phone's
        HDR: halos, crushed shadows), pencil_backlit (faint pencil under the flash: a hot spot, dark edges),
        number_desk_angle (a card at an angle, the desk filling one side), number_dark_mode (a notes app's dark-mode
        screenshot, recompressed); no digit: none_desk (a blank page and a pen on a dark desk) (see _tenth).
        eleventh (made, too, by someone who never ran the course's preprocessing): blinds (a venetian blind's hard
        shadow bars across page and desk), kraft_bag (marker on a brown paper bag: its fibres, its side fold, a zigzag top),
        blueprint (white lines on Prussian blue, a grid and a border), pressure_pen (a ballpoint pressed hard, then
        lightly; gobs of ink), finger_on_lens (a fingertip over the lens's edge: a blurred, glowing red shape),
        watercolour (a brush's see-through wash, dark-rimmed, on grainy paper), lcd_tablet (a child's LCD writing
        tablet: yellow-green or rainbow lines on black, its plastic frame), number_price_tag (marker on a manila swing
        tag with its string), number_fold (across a fold in the page: its halves lit and foreshortened differently);
        no digit: none_stamp (rubber stamp prints: PAID, RECEIVED ... in a box or a ring) (see _eleventh).
        twelfth (made, too, by someone who never ran the course's preprocessing): sand (a fingertip's groove in damp
        sand in low sun), spray_paint (on brick or concrete: overspray, drips), retro_filter (a phone app's vintage
        filter: faded blacks, tinted shadows and highlights, a vignette, grain, a light leak), projector (a visualiser's
        picture on a classroom screen: washed out, keystoned), newspaper (in a blank space among columns of print),
        banana (marker bent round a banana's peel), number_cake (piped icing on a cake), number_cup (marker round a
        takeaway cup), number_pavement (chalk on asphalt, at an angle) (the numbers' digits uneven in size, height and
        spacing, some touching: _uneven); no digit: none_hangman (a game of hangman: gallows, a stick figure, dashes)
        (see _twelfth).
"""
import argparse
import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from scipy import ndimage
from skimage import draw, morphology, restoration, transform

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # run as `python tools/...`: make mnist_course importable

from mnist_course import cli  # noqa: E402
from mnist_course.data import load_mnist  # noqa: E402
from mnist_course.saving import replacing  # noqa: E402

KINDS = ("uci", "uci_number", "defocus", "motion", "salt_pepper", "shadow", "perspective",
         "pixelated", "jpeg10", "number_defocus", "number_shadow")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    parser.add_argument("output_dir", type=Path)
    parser.add_argument("--count", type=cli.count(100_000), default=1500,
                        help="how many pictures; at most 100,000 (about an hour of writing them)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--kinds", nargs="+",
                        choices=(*KIND_SETS, *KINDS, *SECOND_KINDS, *THIRD_KINDS, *FOURTH_KINDS, *FIFTH_KINDS,
                                 *SIXTH_KINDS, *SEVENTH_KINDS, *EIGHTH_KINDS, *NINTH_KINDS, *TENTH_KINDS,
                                 *ELEVENTH_KINDS, *TWELFTH_KINDS),
                        default=["first"], metavar="KIND",
                        help=f"kinds, or a family of them: first (default: {', '.join(KINDS)}), "
                             f"second ({', '.join(SECOND_KINDS)}), third ({', '.join(THIRD_KINDS)}), "
                             f"fourth ({', '.join(FOURTH_KINDS)}), fifth ({', '.join(FIFTH_KINDS)}), "
                             f"sixth ({', '.join(SIXTH_KINDS)}), seventh ({', '.join(SEVENTH_KINDS)}), "
                             f"eighth ({', '.join(EIGHTH_KINDS)}), ninth ({', '.join(NINTH_KINDS)}), "
                             f"tenth ({', '.join(TENTH_KINDS)}), eleventh ({', '.join(ELEVENTH_KINDS)}) "
                             f"or twelfth ({', '.join(TWELFTH_KINDS)}); "
                             f"they take turns")
    parser.add_argument("--data-dir", help="MNIST folder (default: $MNIST_DATA_DIR, then Data/)")
    args = parser.parse_args()
    kinds = [kind for name in args.kinds for kind in KIND_SETS.get(name, (name,))]
    from sklearn.datasets import load_digits  # bundled with scikit-learn: no download
    uci = load_digits()
    _, (mnist_images, mnist_labels) = load_mnist(args.data_dir)
    args.output_dir.mkdir(parents=True, exist_ok=True)
    for number in range(args.count):
        kind = kinds[number % len(kinds)]
        random = np.random.default_rng([args.seed, number])
        source = (uci.images / 16, uci.target) if kind.startswith("uci") else (mnist_images / 255, mnist_labels)
        if kind in SECOND_KINDS:
            image, extension, options, label = _second(kind, source, random)
        elif kind in THIRD_KINDS:
            image, extension, options, label = _third(kind, source, random)
        elif kind in FOURTH_KINDS:
            image, extension, options, label = _fourth(kind, source, random)
        elif kind in FIFTH_KINDS:
            image, extension, options, label = _fifth(kind, source, random)
        elif kind in SIXTH_KINDS:
            image, extension, options, label = _sixth(kind, source, random)
        elif kind in SEVENTH_KINDS:
            image, extension, options, label = _seventh(kind, source, random)
        elif kind in EIGHTH_KINDS:
            image, extension, options, label = _eighth(kind, source, random)
        elif kind in NINTH_KINDS:
            image, extension, options, label = _ninth(kind, source, random)
        elif kind in TENTH_KINDS:
            image, extension, options, label = _tenth(kind, source, random)
        elif kind in ELEVENTH_KINDS:
            image, extension, options, label = _eleventh(kind, source, random)
        elif kind in TWELFTH_KINDS:
            image, extension, options, label = _twelfth(kind, source, random)
        else:
            count = int(random.integers(2, 7)) if "number" in kind else 1
            chosen = random.integers(len(source[0]), size=count)
            ink = _write(source[0][chosen], random, low_res=kind.startswith("uci"))
            image, extension = _degrade(ink, kind, random)
            label = "".join(str(source[1][index]) for index in chosen)
            options = {"quality": int(random.integers(5, 13))} if kind == "jpeg10" else {}
        path = args.output_dir / f"{number:05d}_{label}_{kind}.{extension}"
        with replacing(path) as temporary:
            image.save(temporary, format="JPEG" if extension == "jpg" else "PNG", **options)
    print(f"Wrote {args.count} pictures to {args.output_dir}")


def _write(images, random, low_res):
    """The digits (light ink 0..1) side by side at one height, with uneven gaps; 1 = ink."""
    height = int(random.integers(12, 40)) if low_res else int(random.integers(40, 140))
    pieces = []
    for image in images:
        if not low_res:  # MNIST digits: crop their 4 px margin
            rows, columns = np.nonzero(image > 0.1)
            image = image[rows.min():rows.max() + 1, columns.min():columns.max() + 1]
        order = int(random.choice([0, 1, 3])) if low_res else 1  # nearest, bilinear or bicubic
        scale = height * random.uniform(0.85, 1.1) / image.shape[0]
        pieces.append(np.clip(transform.rescale(image, scale, order=order), 0, 1))
    gaps = [int(height * random.uniform(0.1, 0.5)) for _ in pieces[1:]]
    width = sum(piece.shape[1] for piece in pieces) + sum(gaps) + height
    canvas = np.zeros((int(height * 1.3) + height, width), np.float32)
    left = height // 2
    for piece, gap in zip(pieces, [0, *gaps]):
        left += gap
        top = height // 2 + int(random.integers(0, canvas.shape[0] - height - piece.shape[0] + 1))
        canvas[top:top + piece.shape[0], left:left + piece.shape[1]] = np.maximum(
            canvas[top:top + piece.shape[0], left:left + piece.shape[1]], piece)
        left += piece.shape[1]
    return canvas


def _degrade(ink, kind, random):
    """Dark ink on paper, degraded as `kind` says: (PIL image, extension)."""
    paper = random.uniform(0.7, 1.0)
    values = paper * (1 - random.uniform(0.6, 0.95) * ink)
    if kind in ("defocus", "number_defocus"):  # a lens out of focus blurs with a disk, not a Gaussian
        radius = max(1, int(max(ink.shape) * random.uniform(0.01, 0.03)))
        disk = np.zeros((2 * radius + 1,) * 2)
        disk[draw.disk((radius, radius), radius + 0.5, shape=disk.shape)] = 1
        values = ndimage.convolve(values, disk / disk.sum(), mode="nearest")
    if kind == "motion":  # the phone moved: a short straight smear at some angle
        length = max(3, int(max(ink.shape) * random.uniform(0.02, 0.05)))
        line = np.zeros((length, length))
        line[draw.line(0, int(random.integers(length)), length - 1, int(random.integers(length)))] = 1
        values = ndimage.convolve(values, line / line.sum(), mode="nearest")
    if kind == "salt_pepper":
        speckle = random.random(values.shape)
        values = np.where(speckle < 0.01, 0.0, np.where(speckle > 0.99, 1.0, values))
    if kind in ("shadow", "number_shadow"):  # a hand's hard-edged shadow over part of the page
        rows, columns = np.indices(values.shape)
        angle = random.uniform(0, np.pi)
        edge = np.cos(angle) * rows + np.sin(angle) * columns
        values = values * np.where(edge > np.quantile(edge, random.uniform(0.2, 0.6)), random.uniform(0.45, 0.7), 1)
    if kind == "perspective":
        height, width = values.shape
        corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], float)
        moved = corners + random.uniform(-0.12, 0.12, (4, 2)) * (width, height)
        warp = transform.ProjectiveTransform.from_estimate(corners, moved)
        if not warp:  # from_estimate returns a false FailedEstimation instead of raising
            raise RuntimeError(f"perspective: {warp}")
        values = transform.warp(values, warp, mode="edge")
    if kind == "pixelated":  # shown at 1/4-1/8 size, enlarged again with nearest neighbours
        factor = int(random.integers(4, 9))
        small = values[::factor, ::factor]
        values = np.kron(small, np.ones((factor, factor)))
    values = values + random.normal(0, 0.01, values.shape)
    image = Image.fromarray(np.round(np.clip(values, 0, 1) * 255).astype(np.uint8), mode="L")
    return image, "jpg" if kind == "jpeg10" else "png"


# The second family: degradations neither this tool's first family nor make_user_digits.py uses,
# so that a measure on it was not tuned on it. Each draws its own ink (pen redrawn along the
# skeleton, slant) and its own capture (photons, glare, crumples, print, notes on a desk).
SECOND_KINDS = ("low_light", "glare", "crumpled", "halftone", "skipping_pen", "slant", "whiteboard",
                "sticky_note", "round_pen", "uci_round_pen", "number_scales", "number_sticky_note")
KIND_SETS = {"first": KINDS, "second": SECOND_KINDS}  # and "third", "fourth": below
_PENS = {"round_pen": (0.05, 0.13), "uci_round_pen": (0.06, 0.12), "skipping_pen": (0.035, 0.06),
         "whiteboard": (0.08, 0.13)}  # pen width / digit height


def _second(kind, source, random):
    """One picture of a second-family kind: (PIL image, extension, save options, label)."""
    count = int(random.integers(2, 7)) if kind.startswith("number") else 1
    chosen = random.integers(len(source[0]), size=count)
    height = int(random.integers(50, 131))
    sizes = np.full(count, height)
    if kind == "number_scales":  # one number, digits 1-1.5x apart in height (written small, then big)
        sizes = height * random.uniform(1, 1.5, count)
        sizes[random.permutation(count)[:2]] = height * np.array([1, random.uniform(1.3, 1.5)])
    pen = height * random.uniform(*_PENS[kind]) if kind in _PENS else None
    pieces = _pen_inks(source[0], chosen, sizes, pen, random)
    if kind == "slant":
        pieces = [_slant(piece, random) for piece in pieces]
    ink = _line_up(pieces, random)
    image, extension, options = _capture(ink, kind, random)
    return image, extension, options, "".join(str(source[1][index]) for index in chosen)


def _pen_inks(images, chosen, sizes, pen, random, nib=None, faint=False):
    """_pen_ink of each chosen image at its size; where a redraw fails (or, with faint, leaves out
    the image's faint ink: _faint_lost), another image instead (`chosen` changes in place, so the
    label follows)."""
    pieces = []
    for place, size in enumerate(sizes):
        while ((piece := _pen_ink(images[chosen[place]], int(size), pen, nib)) is None
               or faint and _faint_lost(images[chosen[place]], piece)):
            chosen[place] = random.integers(len(images))  # no pen path through this one: another
        pieces.append(piece)
    return pieces


def _pen_ink(image, height, pen=None, nib=None):
    """A digit (0..1, light on dark) as ink `height` px tall (1 = ink); with pen, its skeleton
    redrawn by a round pen that many px wide, so the stroke is continuous and even; with nib
    (angle in radians, thin side / broad side) too, by a flat nib `pen` px broad held at that
    angle, so the stroke is broad or thin by its direction, as a calligrapher's brush draws."""
    rows, columns = np.nonzero(image > 0.1)
    image = image[rows.min():rows.max() + 1, columns.min():columns.max() + 1]
    if pen is None:
        return np.clip(ndimage.zoom(image, height / image.shape[0], order=3), 0, 1)
    smooth = ndimage.gaussian_filter(ndimage.zoom(image, 80 / image.shape[0], order=3), 1)
    skeleton = morphology.skeletonize(smooth > 0.5)
    # None for a blob (ink over 28% of the height thick: its skeleton is no pen path) or where
    # the pen would break a stroke (more pieces than the faint ink has): unreadable when redrawn
    parts = [ndimage.label(ink, np.ones((3, 3)))[1] for ink in (skeleton, smooth > 0.1)]
    if (smooth > 0.5).sum() > 0.28 * 80 * skeleton.sum() or parts[0] > parts[1]:
        return None
    loops = _loops(smooth > 0.7, 10)  # loops of the ink core, even if its edge filled them
    spine_rows, spine_columns = np.nonzero(skeleton)
    scale = 2 * height / 80  # drawn at twice the size, then halved: smooth edges
    radius, pad = max(1.0, pen), int(pen) + 2
    picture = Image.new("L", tuple(int(side * scale) + 4 * pad for side in smooth.shape[::-1]))
    pencil = ImageDraw.Draw(picture)
    spine = set(zip(spine_rows, spine_columns))
    for row, column in spine:
        y, x = row * scale + 2 * pad, column * scale + 2 * pad
        if nib is not None:  # the nib swept from here to each neighbour (and stamped here)
            for down, right in ((0, 0), (0, 1), (1, -1), (1, 0), (1, 1)):
                if (down, right) == (0, 0) or (row + down, column + right) in spine:
                    pencil.polygon(_nib_sweep(x, y, right * scale, down * scale, radius, nib), fill=255)
            continue
        pencil.ellipse((x - radius, y - radius, x + radius, y + radius), fill=255)
        for down, right in ((0, 1), (1, -1), (1, 0), (1, 1)):  # join to the neighbours: no beads
            if (row + down, column + right) in spine:
                pencil.line((x, y, x + right * scale, y + down * scale), fill=255, width=int(2 * radius))
    if nib is not None:  # round off the steps the pixel path left on the broad nib's edge
        picture = picture.filter(ImageFilter.GaussianBlur(scale * 1.5)).point(
            lambda value: min(255, max(0, 3 * (value - 128) + 128)))
    picture = picture.resize((picture.width // 2, picture.height // 2), Image.Resampling.BOX)
    ink = np.asarray(picture, np.float32) / 255
    if _loops(ink > 0.5, 2) < loops:  # a wide pen filled a small loop (an 8 became a P)
        return None
    rows, columns = np.nonzero(ink > 0.05)
    return ink[rows.min():rows.max() + 1, columns.min():columns.max() + 1]


def _faint_lost(image, piece):
    """Whether _pen_ink's redraw (piece) of a digit (0..1, light on dark) left out what its faint ink
    (over 0.3) shows: fewer loops (a 0 with a faint side drawn as a C), or over 12% of the faint ink
    more than 1/8 of the height from the pen's path (a 9 with a faint head drawn as a ')')."""
    rows, columns = np.nonzero(image > 0.1)
    image = image[rows.min():rows.max() + 1, columns.min():columns.max() + 1]
    smooth = ndimage.gaussian_filter(ndimage.zoom(image, 80 / image.shape[0], order=3), 1)  # as _pen_ink
    far = ndimage.distance_transform_edt(~morphology.skeletonize(smooth > 0.5))[smooth > 0.3] > 10
    return _loops(piece > 0.5, 2) < _loops(smooth > 0.3, 10) or np.mean(far) > 0.12


def _loops(ink, least):
    """How many closed loops (holes of at least `least` px) the ink has."""
    holes, _ = ndimage.label(~np.pad(ink, 1))
    return int(np.sum(np.bincount(holes.ravel())[2:] >= least))  # 1 is the outside


def _slant(ink, random):
    """A writer who slants (italic shear of 10-20 degrees) or turns the whole digit 8-20 degrees."""
    if random.random() < 0.5:
        turn = random.choice([-1, 1]) * random.uniform(8, 20)
        return np.clip(transform.rotate(ink, turn, resize=True), 0, 1)
    lean = np.tan(np.radians(random.uniform(10, 20))) * random.choice([-1, 1])
    height, width = ink.shape
    wide = width + int(abs(lean) * height) + 2
    # output (row, column) reads input (row, column - lean * (height - row) - shift): the top leans
    shift = 0 if lean > 0 else -lean * height
    ink = ndimage.affine_transform(ink, [[1, 0], [lean, 1]], offset=(0, -lean * height - shift),
                                   output_shape=(height, wide), order=1)
    columns = np.nonzero(ink.max(axis=0) > 0.05)[0]
    return np.clip(ink[:, columns.min():columns.max() + 1], 0, 1)


def _line_up(pieces, random):
    """The digits left to right on one baseline (give or take 8%), never touching: each gap is
    15-45% of the taller neighbour (touching digits are a documented limitation); half a digit
    of margin around."""
    height = max(piece.shape[0] for piece in pieces)
    gaps = [int(max(a.shape[0], b.shape[0]) * random.uniform(0.15, 0.45)) for a, b in zip(pieces, pieces[1:])]
    margin = height // 2
    canvas = np.zeros((height + height // 10 + 2 * margin,
                       sum(piece.shape[1] for piece in pieces) + sum(gaps) + 2 * margin), np.float32)
    left = margin
    for piece, gap in zip(pieces, [0, *gaps]):
        left += gap
        bottom = margin + height + int(random.integers(0, height // 12 + 1))
        canvas[bottom - piece.shape[0]:bottom, left:left + piece.shape[1]] = piece
        left += piece.shape[1]
    return canvas


def _capture(ink, kind, random):
    """The ink (1 = ink) on its surface, captured as `kind` says: (PIL image, extension, options)."""
    shape = ink.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    photo = {"quality": int(random.integers(75, 93))}
    if kind == "low_light":  # high ISO in a dim room: few photons a pixel, blotchy colour noise, dark
        scene = np.array([1, random.uniform(0.8, 0.95), random.uniform(0.55, 0.8)]) * (
            1 - random.uniform(0.75, 0.9) * ink[..., None])  # under a warm lamp
        photons = random.uniform(10, 40)  # at white paper: the shot noise is 1/sqrt of that
        values = random.poisson(scene * photons) / photons * random.uniform(0.3, 0.5)
        blotches = ndimage.gaussian_filter(random.normal(0, 1, scene.shape), (2.5, 2.5, 0))
        values += blotches / blotches.std() * random.uniform(0.02, 0.05) + random.normal(0, 0.02, scene.shape)
        return _rgb(values), "jpg", photo
    if kind == "glare":  # a lamp mirrored in glossy paper: a bright spot over-exposes part of the ink
        ink_rows, ink_columns = np.nonzero(ink > 0.5)
        spot = int(random.integers(len(ink_rows)))
        reach = np.ptp(ink_rows) * random.uniform(0.25, 0.5) * random.uniform(0.8, 1.25, 2)  # px, down and across
        light = np.exp(-((rows - ink_rows[spot]) / reach[0]) ** 2 / 2
                       - ((columns - ink_columns[spot]) / reach[1]) ** 2 / 2)
        ink = np.clip(1.6 * ink, 0, 1)  # a felt pen: solid strokes, not faint scanned edges
        paper, pen, gain = random.uniform(0.75, 0.9), random.uniform(0.05, 0.15), random.uniform(0.3, 0.9)
        mirror = random.uniform(0.1, 0.6 - pen * (1 + gain))  # the core of a stroke stays darker than 0.6
        values = (paper + (pen - paper) * ink) * (1 + gain * light) + mirror * light
        values = ndimage.gaussian_filter(values, 0.8)[..., None] * (1, 0.98, random.uniform(0.88, 0.96))
        return _rgb(values + random.normal(0, 0.015, values.shape)), "jpg", photo
    if kind == "crumpled":  # crumpled, smoothed out again, lit from one side: facets and soft creases
        surface = np.zeros(shape, np.float32)
        for size, depth in ((0.12, 1.0), (0.06, 0.5), (0.03, 0.25)):  # folds within folds
            bumps = ndimage.gaussian_filter(random.normal(0, 1, shape), max(shape) * size)
            surface += depth * max(shape) * size * np.abs(bumps / bumps.std())  # |.|: a crease where it is 0
        surface = ndimage.gaussian_filter(surface, max(shape) * random.uniform(0.004, 0.01))  # soft creases
        slope_rows, slope_columns = np.gradient(surface * random.uniform(0.08, 0.18))
        angle, elevation = random.uniform(0, 2 * np.pi), np.radians(random.uniform(35, 60))
        sun = np.array([np.cos(elevation) * np.sin(angle), np.cos(elevation) * np.cos(angle), np.sin(elevation)])
        shade = sun[2] - sun[0] * slope_columns - sun[1] * slope_rows  # Lambert: the light on the facet
        shade = shade / np.hypot(1, np.hypot(slope_rows, slope_columns))
        shade = np.clip(shade / sun[2], 0.55, 1.15)  # flat paper: 1
        # the paper's wrinkles moved the writing a pixel or two
        moved = [ndimage.gaussian_filter(random.normal(0, 1, shape), max(shape) * 0.04) for _ in range(2)]
        moved = [move / move.std() * max(shape) * 0.006 for move in moved]
        ink = ndimage.map_coordinates(ink, [rows + moved[0], columns + moved[1]], order=1)
        values = (random.uniform(0.8, 0.95) * shade * (1 - random.uniform(0.75, 0.9) * ink))[..., None]
        values = values * (1, random.uniform(0.96, 1), random.uniform(0.88, 0.97))
        return _rgb(values + random.normal(0, 0.012, values.shape)), "jpg", photo
    if kind == "halftone":  # written on a magazine photo: cyan, magenta, yellow dots on turned screens
        rgb = np.ones(shape + (3,), np.float32)
        period = random.uniform(4, 8)
        for channel, angle in zip(range(3), np.radians(np.array([15, 75, 0]) + random.uniform(0, 90))):
            tone = ndimage.gaussian_filter(random.normal(0, 1, shape), max(shape) * 0.12)
            tone = random.uniform(0.04, 0.12) + (tone - tone.min()) / np.ptp(tone) * random.uniform(0.1, 0.25)
            across = (np.cos(angle) * columns + np.sin(angle) * rows) / period
            along = (np.cos(angle) * rows - np.sin(angle) * columns) / period
            centre = np.hypot(across - np.round(across), along - np.round(along))
            dot = np.clip((np.sqrt(tone / np.pi) - centre) * period + 0.5, 0, 1)
            rgb[..., channel] *= 1 - 0.85 * dot  # cyan ink takes away red, magenta green, yellow blue
        pen = np.array([(0.08, 0.08, 0.1), (0.1, 0.12, 0.45)][random.integers(2)])
        rgb = rgb * (1 - ink[..., None]) + pen * ink[..., None]
        rgb = ndimage.gaussian_filter(rgb, (0.6, 0.6, 0)) * random.uniform(0.85, 1)
        return _rgb(rgb + random.normal(0, 0.012, rgb.shape)), "jpg", photo
    if kind == "skipping_pen":  # a ballpoint running dry: the ink fades and returns along the stroke
        flow = ndimage.gaussian_filter(random.normal(0, 1, shape), shape[0] * random.uniform(0.04, 0.08))
        faint = random.uniform(0.25, 0.45)
        flow = faint + (1 - faint) * (flow - flow.min()) / np.ptp(flow)
        grain = 0.8 + 0.2 * ndimage.gaussian_filter(random.random(shape), 0.8) / 0.5
        amount = np.clip(ink * flow * grain * random.uniform(0.85, 1), 0, 1)[..., None]
        pen = np.array([(0.1, 0.1, 0.12), (0.1, 0.15, 0.55)][random.integers(2)])
        rgb = random.uniform(0.88, 1) * (1 - amount) + pen * amount
        return _rgb(rgb + random.normal(0, 0.01, rgb.shape)), "png", {}
    if kind in ("slant", "round_pen", "uci_round_pen"):  # a scan: clean paper, dark ink, grayscale
        paper = random.uniform(0.85, 1)
        values = paper + (random.uniform(0.03, 0.25) - paper) * ink
        return _gray(values + random.normal(0, 0.01, shape)), "png", {}
    if kind == "whiteboard":  # marker on a whiteboard: smudges of old writing, a window mirrored in it
        marker = np.array([(0.1, 0.1, 0.12), (0.1, 0.2, 0.6), (0.75, 0.12, 0.12),
                           (0.1, 0.5, 0.2)][random.integers(4)])  # black, blue, red, green
        smudge = ndimage.gaussian_filter(random.normal(0, 1, shape), max(shape) * 0.05)
        board = random.uniform(0.8, 0.92) - 0.025 * smudge / smudge.std()
        rgb = board[..., None] * (0.97, 0.99, 1) * (1 - ink[..., None]) + marker * ink[..., None]
        for _ in range(int(random.integers(1, 3))):
            angle = random.uniform(0, np.pi)
            band = np.cos(angle) * rows + np.sin(angle) * columns
            middle, width = random.uniform(band.min(), band.max()), max(shape) * random.uniform(0.04, 0.12)
            rgb += random.uniform(0.2, 0.5) * np.exp(-((band - middle) / width) ** 2 / 2)[..., None]
        rgb = ndimage.gaussian_filter(rgb, (0.8, 0.8, 0))
        return _rgb(rgb + random.normal(0, 0.015, rgb.shape)), "jpg", photo
    if kind in ("sticky_note", "number_sticky_note"):
        return _sticky_note(ink, random), "jpg", photo
    if kind == "number_scales":  # a phone photo: the lens darkens the corners, the white balance is off
        distance = np.hypot(rows - shape[0] / 2, columns - shape[1] / 2)
        light = 1 - random.uniform(0.3, 0.45) * (distance / distance.max()) ** 2
        values = random.uniform(0.85, 1) * light * (1 - random.uniform(0.75, 0.9) * ink)
        rgb = values[..., None] * (random.uniform(0.9, 1), 1, random.uniform(0.85, 1.05))
        return _rgb(rgb + random.normal(0, 0.015, rgb.shape)), "jpg", photo
    raise ValueError(f"unknown kind {kind}")


def _sticky_note(ink, random):
    """A yellow, pink, green or orange sticky note on a desk, turned up to 8 degrees; the note's edges
    (1-2 of them in the picture) stay 0.4-0.7 digit heights away from the writing; a soft shadow."""
    ink_rows, ink_columns = np.nonzero(ink > 0.05)
    box = np.array([ink_rows.min(), ink_rows.max(), ink_columns.min(), ink_columns.max()], float)
    height = box[1] - box[0]
    gap = height * random.uniform(0.4, 0.7, 4) * (-1, 1, -1, 1)  # writing to the note's edges
    seen = random.permutation(4)[:int(random.integers(1, 3))]  # the sides where the desk shows
    frame = box + gap * np.where(np.isin(np.arange(4), seen), 1 + random.uniform(0.4, 1.0, 4),
                                 random.uniform(0.4, 0.8, 4))  # the picture's edges
    rows, columns = np.mgrid[int(frame[0]):int(frame[1]), int(frame[2]):int(frame[3])].astype(np.float32)
    angle = np.radians(random.uniform(-8, 8))  # turn the picture about the writing's middle
    middle_row, middle_column = (box[0] + box[1]) / 2, (box[2] + box[3]) / 2
    down = middle_row + (rows - middle_row) * np.cos(angle) - (columns - middle_column) * np.sin(angle)
    right = middle_column + (rows - middle_row) * np.sin(angle) + (columns - middle_column) * np.cos(angle)
    note = box + gap
    inside = np.minimum.reduce([down - note[0], note[1] - down, right - note[2], note[3] - right])
    inside = np.clip(inside + 0.5, 0, 1)  # 1 on the note, anti-aliased edge
    writing = ndimage.map_coordinates(ink, [down, right], order=1)
    grain = ndimage.gaussian_filter(random.normal(0, 1, rows.shape), (0.5, 12))  # a wooden or grey desk
    desk = np.array([(0.55, 0.38, 0.22), (0.45, 0.45, 0.47)][random.integers(2)])
    desk = desk * (0.9 + 0.1 * grain / grain.std())[..., None]
    shadow = ndimage.shift(ndimage.gaussian_filter(inside, height * 0.06), height * 0.03 * np.ones(2), order=1)
    desk = desk * (1 - 0.45 * shadow)[..., None]
    paper = np.array([(1, 0.92, 0.45), (1, 0.68, 0.78), (0.75, 0.95, 0.6), (1, 0.75, 0.45)][random.integers(4)])
    curl = 1 - random.uniform(0, 0.1) * np.clip((down - note[0]) / (note[1] - note[0]), 0, 1)  # the free end lifts
    pen = np.array([(0.08, 0.08, 0.1), (0.1, 0.15, 0.5)][random.integers(2)])
    amount = (writing * random.uniform(0.85, 1))[..., None]
    on_note = (paper * curl[..., None] * random.uniform(0.85, 1)) * (1 - amount) + pen * amount
    rgb = desk * (1 - inside[..., None]) + on_note * inside[..., None]
    rgb = ndimage.gaussian_filter(rgb, (0.7, 0.7, 0))
    return _rgb(rgb + random.normal(0, 0.015, rgb.shape))


# The third family: captures and writing that neither the families above nor make_user_digits.py
# use (a screen, a fax, a copier, a brush, a carbonless form, a spiral binding, a thermal receipt,
# an envelope), so that a measure on it was not tuned on it. Numbers keep _line_up's gaps.
THIRD_KINDS = ("screen", "fax", "brush", "uci_brush", "carbon", "spiral", "number_photocopy",
               "number_receipt", "number_envelope")
KIND_SETS["third"] = THIRD_KINDS
_THIRD_PENS = {"screen": (0.06, 0.12), "brush": (0.11, 0.17), "uci_brush": (0.11, 0.17), "carbon": (0.03, 0.05),
               "spiral": (0.05, 0.09), "number_receipt": (0.035, 0.06),
               "number_envelope": (0.08, 0.12)}  # pen (or broad nib) width / digit height


def _third(kind, source, random):
    """One picture of a third-family kind: (PIL image, extension, save options, label)."""
    count = int(random.integers(2, 7)) if kind.startswith("number") else 1
    chosen = random.integers(len(source[0]), size=count)
    height = int(random.integers(72, 131 if count == 1 else 111))
    pen = height * random.uniform(*_THIRD_PENS[kind]) if kind in _THIRD_PENS else None
    # a flat brush held 25-55 degrees up to the right: thin going up-right, broad going down-right
    nib = (-np.radians(random.uniform(25, 55)), random.uniform(0.2, 0.35)) if kind.endswith("brush") else None
    pieces = _pen_inks(source[0], chosen, np.full(count, height), pen, random, nib, faint=pen is not None)
    ink = _line_up([_without_specks(piece) for piece in pieces], random)
    short = np.maximum(0, 150 - np.array(ink.shape))  # a narrow 1: more paper either side
    ink = np.pad(ink, [(side // 2, side - side // 2) for side in short])
    image, extension, options = _third_capture(ink, height, kind, random)
    if not 150 <= min(image.size) <= max(image.size) <= 900:  # a long number: 150-900 px a side
        factor = min(900 / max(image.size), max(1.0, 150 / min(image.size)))
        image = image.resize([round(side * factor) for side in image.size], Image.Resampling.LANCZOS)
    return image, extension, options, "".join(str(source[1][index]) for index in chosen)


def _without_specks(piece):
    """The digit's ink without specks apart from its strokes (under 15% of its ink and under a fifth
    of its height across; a stroke, like a 5's bar, is longer): in a number a speck reads as a point."""
    parts, _ = ndimage.label(piece > 0.05, np.ones((3, 3)))
    sizes = np.bincount(parts.ravel(), weights=piece.ravel())[1:]
    extents = [max(end.stop - end.start for end in box) for box in ndimage.find_objects(parts)]
    specks = 1 + np.nonzero((sizes < 0.15 * sizes.sum()) & (np.array(extents) < 0.2 * piece.shape[0]))[0]
    keep = ~np.isin(parts, specks)
    rows, columns = np.nonzero(keep & (piece > 0.05))
    return (piece * keep)[rows.min():rows.max() + 1, columns.min():columns.max() + 1]


def _third_capture(ink, digit, kind, random):
    """The ink (1 = ink; digits `digit` px tall) captured as `kind` says: (PIL image, extension, options)."""
    photo = {"quality": int(random.integers(75, 93))}
    if kind == "screen":  # a phone photo of a laptop screen showing a digit drawn in a paint program
        return _screen(ink, digit, random), "jpg", photo
    if kind == "fax":  # a fax server's picture of a handwritten page: 1 bit, the page fed in askew
        ink = np.clip(transform.rotate(ink, random.choice([-1, 1]) * random.uniform(1, 4), resize=True), 0, 1)
        across = random.uniform(1.3, 1.9)  # picture px per fax dot; standard mode: dots twice as tall
        tall = across * (1 if random.random() < 0.5 else 2)
        small = transform.resize(ink, (round(ink.shape[0] / tall), round(ink.shape[1] / across)), anti_aliasing=True)
        black = small + random.normal(0, 0.08, small.shape) > random.uniform(0.4, 0.55)
        black |= random.random(small.shape) < random.uniform(0.001, 0.005)  # dust on the sender's glass
        for row in random.integers(1, small.shape[0], int(random.integers(0, 3))):
            black[row] = black[row - 1]  # a scan line lost on the way: the one before it repeated
        picture = _gray(1.0 - black).resize(ink.shape[::-1], Image.Resampling.NEAREST)
        return picture, "png", {}
    if kind == "number_photocopy":  # a copy of a copy: hard contrast, toner haze and specks, the
        # sheet 1-5 degrees askew on the glass, the open lid's black shows along one side
        ink = np.clip(transform.rotate(ink, random.choice([-1, 1]) * random.uniform(1, 5), resize=True), 0, 1)
        ink, past, _ = _edge(ink, int(random.integers(4)), digit * random.uniform(0.4, 0.8),
                             digit * random.uniform(0.1, 0.3))
        paper = random.uniform(0.8, 1)
        original = paper * (1 - random.uniform(0.75, 0.9) * ink)
        copy = 1 / (1 + np.exp(-(original / paper - random.uniform(0.35, 0.5)) / random.uniform(0.03, 0.07)))
        haze = ndimage.gaussian_filter(random.normal(0, 1, ink.shape), digit * 0.3)
        haze = random.uniform(0.02, 0.08) * (haze - haze.min()) / np.ptp(haze)
        values = random.uniform(0.88, 0.98) - haze - (random.uniform(0.78, 0.9) - haze) * (1 - copy)
        specks = ndimage.gaussian_filter((random.random(ink.shape) < random.uniform(2e-4, 1e-3)) * 1.0, 0.7)
        values = values - np.clip(specks * 4, 0, 0.6) + random.normal(0, 0.02, ink.shape)
        lid = np.clip(past + 0.5, 0, 1)
        values = values * (1 - lid) + lid * (random.uniform(0.05, 0.15) + random.normal(0, 0.03, ink.shape))
        return _gray(values), "jpg", {"quality": int(random.integers(60, 86))}
    if kind in ("brush", "uci_brush"):  # ink brushed on cream rice paper and scanned: fibres, grain
        fibres = sum(ndimage.gaussian_filter(random.normal(0, 1, ink.shape), sigma) for sigma in ((0.6, 6), (6, 0.6)))
        paper = np.array([1, random.uniform(0.94, 0.98), random.uniform(0.82, 0.9)]) * random.uniform(0.88, 0.98)
        paper = paper * (1 + 0.04 * fibres / fibres.std())[..., None]
        grain = ndimage.gaussian_filter(random.random(ink.shape), 0.8)
        amount = np.clip(ndimage.gaussian_filter(ink, random.uniform(0.5, 1)) * (1.15 - 0.6 * grain), 0, 1)[..., None]
        rgb = paper * (1 - amount) + random.uniform(0.04, 0.12) * amount
        return _rgb(rgb + random.normal(0, 0.01, rgb.shape)), "png", {}
    if kind == "carbon":  # the pink, yellow or white copy of a carbonless form: the pen's pressure,
        # not its ink, left a blurred, grainy blue-violet line, darker where the writer pressed
        pressure = ndimage.gaussian_filter(random.normal(0, 1, ink.shape), digit * 0.15)
        pressure = 0.6 + 0.4 * (pressure - pressure.min()) / np.ptp(pressure)
        grain = np.clip(ndimage.gaussian_filter(random.random(ink.shape), 0.7) * 2.5 - 0.3, 0, 1)
        trace = ndimage.gaussian_filter(ink, digit * random.uniform(0.008, 0.015)) * pressure * grain
        amount = np.clip(trace * random.uniform(1.0, 1.4), 0, random.uniform(0.6, 0.8))[..., None]
        paper = np.array([(1, 0.86, 0.88), (1, 0.96, 0.7), (0.97, 0.97, 0.95)][random.integers(3)])
        dye = np.array([random.uniform(0.2, 0.4), 0.22, random.uniform(0.6, 0.75)])
        rgb = paper * random.uniform(0.85, 0.97) * (1 - amount) + dye * amount
        return _rgb(rgb + random.normal(0, 0.015, rgb.shape)), "jpg", photo
    if kind == "spiral":
        return _spiral(ink, digit, random), "jpg", photo
    if kind == "number_receipt":  # a total written in ballpoint on a curling thermal receipt: thin grey-white
        # paper, the curl a band of shade and a glossy streak, a faded printed dashed rule far above
        ink, past, along = _edge(ink, 0, digit * random.uniform(0.4, 0.8), digit * random.uniform(0.3, 0.5))
        rows = np.indices(ink.shape, dtype=np.float32)[0]
        rule = (np.abs(past - past.max() * random.uniform(0.4, 0.6)) < digit * random.uniform(0.01, 0.02)) & (
            along % (digit * random.uniform(0.12, 0.2)) < digit * 0.08)
        rule = ndimage.gaussian_filter(rule * random.uniform(0.3, 0.5), 0.6)  # faded thermal print
        bend = rows / rows.max() if random.random() < 0.5 else 1 - rows / rows.max()  # the curling end
        light = (1 - random.uniform(0.15, 0.3) * bend ** 2
                 + random.uniform(0.05, 0.12) * np.exp(-((bend - random.uniform(0.3, 0.7)) / 0.08) ** 2))
        paper = np.array([0.95, 0.95, random.uniform(0.9, 0.95)]) * random.uniform(0.85, 0.95)
        pen = np.array([(0.1, 0.1, 0.12), (0.1, 0.15, 0.55)][random.integers(2)])
        amount = ink[..., None] * random.uniform(0.85, 1)
        rgb = (paper * (1 - rule[..., None]) * (1 - amount) + pen * amount) * light[..., None]
        rgb = ndimage.gaussian_filter(rgb, (0.7, 0.7, 0))
        return _rgb(rgb + random.normal(0, 0.015, rgb.shape)), "jpg", photo
    if kind == "number_envelope":  # a number in felt-tip on a kraft, manila or white envelope, its fibres;
        # a long printed rule across the top, 0.4-0.8 digit heights above the writing
        ink, past, _ = _edge(ink, 0, digit * random.uniform(0.4, 0.8), digit * random.uniform(0.2, 0.4))
        width = digit * random.uniform(0.015, 0.04)
        rule = np.clip(width / 2 + 0.5 - np.abs(past - past.max() * random.uniform(0.3, 0.7)), 0, 1)
        paper = np.array([(0.75, 0.58, 0.4), (0.9, 0.8, 0.55), (0.94, 0.94, 0.9)][random.integers(3)])
        fibres = sum(ndimage.gaussian_filter(random.normal(0, 1, ink.shape), sigma) for sigma in ((0.6, 5), (5, 0.6)))
        paper = paper * random.uniform(0.85, 1) * (1 + 0.05 * fibres / fibres.std())[..., None]
        rgb = _mix(paper, rule * random.uniform(0.8, 0.95), np.full(3, random.uniform(0.1, 0.2)))
        pen = np.array([(0.08, 0.08, 0.1), (0.1, 0.15, 0.5)][random.integers(2)])
        rgb = _mix(rgb, ink * random.uniform(0.85, 1), pen)
        rows, columns = np.indices(ink.shape, dtype=np.float32)
        angle = random.uniform(0, 2 * np.pi)  # light falling off across the envelope
        slope = (np.cos(angle) * rows + np.sin(angle) * columns) / max(ink.shape)
        rgb = rgb * (1 - random.uniform(0.05, 0.2) * (slope - slope.min()))[..., None]
        rgb = ndimage.gaussian_filter(rgb, (0.7, 0.7, 0))
        return _rgb(rgb + random.normal(0, 0.015, rgb.shape)), "jpg", photo
    raise ValueError(f"unknown kind {kind}")


def _screen(ink, digit, random):
    """The digit drawn in a paint program, on a laptop screen photographed by a phone: each screen
    pixel 2.6-4.4 photo px (red, green and blue stripes, a black grid between: moire), the screen
    turned up to 2 degrees, its backlight brighter in the middle, the dark bezel along one side
    0.4-0.8 digit heights from the digit."""
    tilt = np.radians(random.uniform(-2, 2))
    ink, past, _ = _edge(ink, int(random.integers(4)), digit * random.uniform(0.4, 0.8),
                         digit * random.uniform(0.15, 0.35), tilt)
    pitch = random.uniform(2.6, 4.4)
    centre, stripe, lit = _subpixel_grid(ink.shape, tilt, pitch)
    shown = ndimage.map_coordinates(ndimage.gaussian_filter(ink, pitch / 3), centre, order=1)  # antialiased
    colour = np.array([(0.05, 0.05, 0.05), (0.1, 0.2, 0.75), (0.8, 0.1, 0.1)][random.integers(3)])
    display = _mix(np.full(shown.shape + (3,), random.uniform(0.92, 1), np.float32), shown, colour)
    rgb = _screen_light(display, stripe, lit, pitch, random)
    bezel = np.clip(past + 0.5, 0, 1)[..., None]
    rgb = rgb * (1 - bezel) + bezel * random.uniform(0.04, 0.12)
    return _rgb(rgb + random.normal(0, 0.02, rgb.shape))


_FINE = 3  # a screen drawn at 3x the photo's resolution, blurred by the lens, then sampled


def _subpixel_grid(shape, tilt, pitch):
    """A screen of `pitch` photo px a pixel, turned `tilt` radians, over a photo of `shape` drawn _FINE times finer:
    (the middle of the screen pixel under each fine point, in photo px; which of its red, green and blue stripes the
    point is on, 0-2; whether it is lit, off the thin black grid between them)."""
    rows, columns = (np.indices(np.multiply(shape, _FINE), dtype=np.float32) + 0.5) / _FINE - 0.5
    down = (rows * np.cos(tilt) + columns * np.sin(tilt)) / pitch  # screen pixels
    right = (columns * np.cos(tilt) - rows * np.sin(tilt)) / pitch
    cell_down, cell_right = np.floor(down) + 0.5, np.floor(right) + 0.5
    centre = [(cell_down * np.cos(tilt) - cell_right * np.sin(tilt)) * pitch,
              (cell_down * np.sin(tilt) + cell_right * np.cos(tilt)) * pitch]
    stripe = np.minimum((right - np.floor(right)) * 3, 2.999)  # red, green, blue side by side
    lit = (down - np.floor(down) > 0.1) & (stripe % 1 > 0.1)  # a thin black grid between them
    return centre, stripe.astype(int), lit


def _screen_light(display, stripe, lit, pitch, random, blur=1.0):
    """The display's colours (rgb at _subpixel_grid's fine points) as its lit stripes glow through the phone's lens
    (`blur` times its usual softness), sampled at the photo's pixels; the backlight brighter round a point near
    the middle, cast blue: rgb."""
    glow = np.zeros_like(display)
    for channel in range(3):
        glow[..., channel] = display[..., channel] * lit * (stripe == channel)
    glow = ndimage.gaussian_filter(glow, (_FINE * pitch * random.uniform(0.33, 0.42) * blur,) * 2 + (0,))
    glow = transform.downscale_local_mean(glow, (_FINE, _FINE, 1)) * 3 / (0.9 * 0.9)
    shape = glow.shape[:2]
    rows, columns = np.indices(shape, dtype=np.float32)
    middle = random.uniform(0.3, 0.7, 2) * shape
    spread = np.hypot((rows - middle[0]) / shape[0], (columns - middle[1]) / shape[1])
    light = random.uniform(0.75, 0.95) * (1 - random.uniform(0.1, 0.25) * spread ** 2)
    return glow * light[..., None] * (random.uniform(0.85, 0.95), random.uniform(0.93, 1), 1)  # bluish


def _spiral(ink, digit, random):
    """A spiral-bound sketchbook page, photographed: the wire loops through their punched holes
    down one edge, the loops' shadows on the page; all 0.4-0.8 digit heights from the writing."""
    band = digit * random.uniform(0.3, 0.45)
    ink, past, along = _edge(ink, int(random.integers(4)), digit * random.uniform(0.4, 0.8), band)
    radius, spacing = band * random.uniform(0.12, 0.17), band * random.uniform(0.6, 0.8)
    holes_at, edge_at = band * random.uniform(0.4, 0.5), band * random.uniform(0.65, 0.75)
    nearest = along - spacing * np.round(along / spacing)  # to the middle of the nearest loop
    hole = np.clip(radius + 0.5 - np.hypot(past - holes_at, nearest), 0, 1)
    wire = np.clip(radius * 0.35 + 0.5 - np.abs(nearest + 0.3 * radius * np.sin(past / band * 4)), 0, 1)
    wire = wire * (past > holes_at - 0.3 * radius)
    shadow = ndimage.gaussian_filter(ndimage.shift(np.maximum(wire, hole), (radius * 0.6,) * 2, order=1), radius * 0.4)
    shadow = shadow * np.clip(past / (0.1 * band), 0, 1)  # the loops stand on the page's edge only
    page = np.clip(edge_at + 0.5 - past, 0, 1) * (1 - hole)
    paper = np.array([1, random.uniform(0.97, 1), random.uniform(0.9, 0.97)]) * random.uniform(0.82, 0.95)
    desk = np.array([(0.35, 0.25, 0.18), (0.2, 0.2, 0.22)][random.integers(2)])
    rgb = paper * (1 - 0.4 * shadow)[..., None] * page[..., None] + desk * (1 - page)[..., None]
    pen = np.array([(0.08, 0.08, 0.1), (0.1, 0.15, 0.55)][random.integers(2)])
    rgb = _mix(rgb, ink * random.uniform(0.85, 1), pen)
    shine = 0.55 + 0.35 * np.cos(nearest / radius * 3)  # round wire: bright along its middle
    rgb = _mix(rgb, wire, np.ones(3) * shine[..., None] * random.uniform(0.8, 1))
    rows, columns = np.indices(ink.shape, dtype=np.float32)
    angle = random.uniform(0, 2 * np.pi)  # light falling off across the page
    slope = (np.cos(angle) * rows + np.sin(angle) * columns) / max(ink.shape)
    rgb = rgb * (1 - random.uniform(0.05, 0.2) * (slope - slope.min()))[..., None]
    rgb = ndimage.gaussian_filter(rgb, (0.7, 0.7, 0))
    return _rgb(rgb + random.normal(0, 0.015, rgb.shape))


# The fourth family: what the families above and make_user_digits.py leave out: things inside the
# photo around the page (a card or a torn scrap on a desk, a thumb, a clipboard's clip, a ring
# binder's holes and rings, a phone held in a hand), boxes on a printed form, a shaking hand's curved
# smear, a messaging app's recompression, fine engineering grids and dot grids, writing showing
# through thin paper, numbers climbing uphill. Nothing in the picture touches the writing.
FOURTH_KINDS = ("index_card", "torn_scrap", "clipboard", "binder", "phone_in_hand", "shake", "messenger",
                "graph_paper", "uci_show_through", "number_form", "number_slope")
KIND_SETS["fourth"] = FOURTH_KINDS
_FOURTH_PENS = {"phone_in_hand": (0.08, 0.13), "graph_paper": (0.04, 0.07), "uci_show_through": (0.06, 0.1),
                "number_form": (0.045, 0.08)}  # pen width / digit height; the others 0.05-0.09
_CAPTIONS = ("Student number", "Amount", "Postcode", "Account no.", "Quantity", "Room", "Seat", "Total",
             "Number of copies", "Class", "Locker", "Kundennummer", "Numero de cuenta")  # ASCII: Pillow's own font
_LOOPS = ({1}, {0}, {0, 1}, {0}, {0, 1}, {0}, {1}, {0}, {1, 2}, {1})  # the closed loops each digit can have
_SKINS = ((0.93, 0.76, 0.65), (0.85, 0.64, 0.5), (0.7, 0.5, 0.36), (0.5, 0.34, 0.24), (0.36, 0.24, 0.17))


def _fourth(kind, source, random):
    """One picture of a fourth-family kind: (PIL image, extension, save options, label)."""
    count = int(random.integers(2, 7)) if kind.startswith("number") else 1
    chosen = random.integers(len(source[0]), size=count)
    height = int(random.integers(56, 111))
    sizes = height * (random.uniform(0.8, 1.25, count) if kind == "number_slope" else np.ones(count))
    pen = height * random.uniform(*_FOURTH_PENS.get(kind, (0.05, 0.09)))
    pieces = [_without_specks(piece) for piece in _readable_inks(source, chosen, sizes, pen, random)]
    label = "".join(str(source[1][index]) for index in chosen)
    if kind == "number_form":
        image = _form(pieces, height, random)
    elif kind == "uci_show_through":  # the other side: 1-3 other digits, seen mirrored
        back = random.integers(len(source[0]), size=int(random.integers(1, 4)))
        back = _line_up(_pen_inks(source[0], back, np.full(len(back), height), pen, random), random)
        image = _show_through(_line_up(pieces, random), back[:, ::-1], height, random)
    else:
        ink = _uphill(pieces, random) if kind == "number_slope" else _line_up(pieces, random)
        image = _fourth_capture(ink, height, kind, random)
    if max(image.size) > 1200:
        image = image.resize([round(side * 1200 / max(image.size)) for side in image.size], Image.Resampling.LANCZOS)
    if kind in ("messenger", "graph_paper"):  # a screen capture and a scan
        return image, "png", {}, label
    return image, "jpg", {"quality": int(random.integers(75, 93))}, label


def _readable_inks(source, chosen, sizes, pen, random):
    """_pen_inks (faint ink kept), but a digit whose ink has loops its digit cannot have (a 1 with a
    loop reads as a 6, a 0 or a 6 left open as a C or an L) is drawn from another image instead
    (`chosen` changes in place, so the label follows)."""
    pieces = _pen_inks(source[0], chosen, sizes, pen, random, faint=True)
    for place, size in enumerate(sizes):
        while _loops(pieces[place] > 0.5, 0.003 * size ** 2) not in _LOOPS[source[1][chosen[place]]]:
            chosen[place] = random.integers(len(source[0]))
            pieces[place] = _pen_inks(source[0], chosen[place:place + 1], [size], pen, random, faint=True)[0]
    return pieces


def _fourth_capture(ink, digit, kind, random):
    """The ink (1 = ink; digits `digit` px tall) captured as `kind` says: a PIL image."""
    if kind == "index_card":
        return _index_card(ink, digit, random)
    if kind == "torn_scrap":
        return _torn_scrap(ink, digit, random)
    if kind == "clipboard":
        return _clipboard(ink, digit, random)
    if kind == "binder":
        return _binder(ink, digit, random)
    if kind == "phone_in_hand":
        return _phone_in_hand(ink, digit, random)
    if kind == "shake":  # the hand moved along a curve while the shutter was open
        rgb = _page(_surround(ink, digit * random.uniform(0.4, 1.0, 4)), random)
        path = _shake_path(digit * random.uniform(0.04, 0.08), random)
        return _snapshot(np.stack([ndimage.convolve(rgb[..., channel], path, mode="nearest")
                                   for channel in range(3)], -1), random)
    if kind == "messenger":
        return _messenger(ink, digit, random)
    if kind == "graph_paper":
        return _graph_paper(ink, digit, random)
    if kind == "number_slope":  # a plain page, photographed
        return _snapshot(_page(_surround(ink, digit * random.uniform(0.3, 0.8, 4)), random), random)
    raise ValueError(f"unknown kind {kind}")


def _index_card(ink, digit, random):
    """An index card (white, cream or pastel; a printed red rule near its top half the time) lying on
    a desk, turned 3-20 degrees, all four edges in the picture; the writing 0.3-0.9 digit heights
    from the card's edges, the rule at least 0.25 above it."""
    gaps = digit * random.uniform(0.3, 0.9, 4)
    gaps[0] = digit * random.uniform(0.6, 1.0)  # room for the rule
    card = _surround(ink, gaps)
    wide = max(0, round(card.shape[0] * random.uniform(1.5, 1.7)) - card.shape[1])  # a 3 by 5 inch card
    left = int(random.integers(wide + 1))
    card = np.pad(card, [(0, 0), (left, wide - left)])
    colour = [(0.97, 0.97, 0.95), (0.98, 0.95, 0.85), (0.85, 0.92, 1), (1, 0.88, 0.9), (0.88, 0.97, 0.86)]
    rgb = np.ones(card.shape + (3,)) * colour[random.integers(len(colour))] * random.uniform(0.9, 1)
    if random.random() < 0.5:
        rule = np.clip(1.5 - np.abs(np.arange(card.shape[0]) - digit * random.uniform(0.2, 0.35)), 0, 1)
        rgb = _mix(rgb, np.broadcast_to(rule[:, None] * 0.8, card.shape), np.array([0.85, 0.3, 0.35]))
    angle = random.choice([-1, 1]) * random.uniform(3, 20)
    rgb, _ = _lay(_write_on(rgb, card, random), np.ones(card.shape), card, angle,
                  digit * random.uniform(0.3, 1.0, 4), _desk, random)
    return _snapshot(rgb, random)


def _torn_scrap(ink, digit, random):
    """A scrap torn off a page (white, or grey recycled paper), its torn edges ragged with a white
    fibrous rim, lying on a desk turned up to 30 degrees; a thumb comes in over one corner of the
    picture (where there is most desk), stopping at least 0.25 digit heights short of the writing."""
    scrap = _surround(ink, digit * random.uniform(0.5, 0.8, 4))
    outline = _torn_outline(scrap.shape, digit, random)
    colour = np.array([(0.95, 0.95, 0.93), (0.82, 0.82, 0.8)][random.integers(2)]) * random.uniform(0.92, 1)
    rim = outline * (ndimage.distance_transform_edt(outline > 0.5) < random.uniform(1.5, 3))
    rgb = _mix(np.ones(scrap.shape + (3,)) * colour, rim * random.uniform(0.5, 0.9), np.full(3, 0.99))
    corner = int(random.integers(4))  # 0 top left, 1 top right, 2 bottom left, 3 bottom right
    margins = digit * random.uniform(0.2, 0.6, 4)
    margins[[corner // 2, 2 + corner % 2]] += digit * random.uniform(0.7, 1.1, 2)  # the thumb's corner
    rgb = _write_on(rgb, scrap, random) * outline[..., None]
    rgb, ink = _lay(rgb, outline, scrap, random.uniform(-30, 30), margins, _desk, random)
    return _snapshot(_thumb(rgb, ink, digit, corner, random), random)


def _torn_outline(shape, digit, random):
    """A torn scrap's outline inside `shape`: its corners in by 4-9%, each side a line that wanders
    (a few px, slowly) with fine fibres: alpha 0..1, anti-aliased."""
    height, width = shape
    wander = digit * random.uniform(0.01, 0.03)
    inset = 3 * wander + 2 + random.uniform(0.04, 0.09, (4, 2)) * (height, width)
    inwards = ((1, 1), (1, -1), (-1, -1), (-1, 1))
    corners = np.array([(0, 0), (0, width), (height, width), (height, 0)]) + inset * inwards
    points = []
    for start, end in zip(corners, np.roll(corners, -1, 0)):
        steps = int(np.hypot(*(end - start)) / 2) + 2
        bend = ndimage.gaussian_filter1d(random.normal(0, 1, steps), 6)
        bend = np.clip(bend / bend.std() * wander, -3 * wander, 3 * wander) + random.normal(0, 0.4, steps)
        bend *= np.sin(np.linspace(0, np.pi, steps)) ** 0.3  # none at the corners: two sides meet there
        normal = np.array([end[1] - start[1], start[0] - end[0]]) / np.hypot(*(end - start))
        points += list(start + np.linspace(0, 1, steps)[:, None] * (end - start) + bend[:, None] * normal)
    picture = Image.new("L", (2 * width, 2 * height))
    ImageDraw.Draw(picture).polygon([(2 * column, 2 * row) for row, column in points], fill=255)
    return np.asarray(picture.resize((width, height), Image.Resampling.BOX), np.float32) / 255


def _thumb(rgb, ink, digit, corner, random):
    """A thumb over a corner of the picture (0 top left, 1 top right, 2 bottom left, 3 bottom right),
    nail up, a little out of focus (nearer the lens than the page), its soft shadow beside it; it
    reaches as far in as it can staying 0.25 digit heights from the writing."""
    shape = ink.shape
    at = np.array([(corner // 2) * shape[0], (corner % 2) * shape[1]], float)
    inward = np.array(shape) / 2 - at
    angle = np.arctan2(*inward) + random.uniform(-0.35, 0.35)
    direction = np.array([np.sin(angle), np.cos(angle)])  # (down, right)
    radius, blur = digit * random.uniform(0.35, 0.5), random.uniform(0.8, 2)
    clear = ndimage.distance_transform_edt(ink < 0.05)
    for reach in np.linspace(radius * 2.5, 0, 11):
        finger = _finger(shape, at - direction * radius * 3, at + direction * reach, radius)
        if clear[finger[0] > 0].min() > digit * 0.25 + 3 * blur:
            break
    layer, cover = _paint_finger(np.zeros_like(rgb), np.zeros(shape), finger, _skin(random), nail=True)
    layer, cover = ndimage.gaussian_filter(layer, (blur, blur, 0)), ndimage.gaussian_filter(cover, blur)
    shadow = ndimage.shift(ndimage.gaussian_filter(cover, digit * 0.08), digit * 0.05 * np.ones(2), order=1)
    return rgb * ((1 - 0.35 * shadow) * (1 - cover))[..., None] + layer


def _finger(shape, start, tip, radius):
    """A finger (a capsule `radius` px thick) from start to tip, (row, column): (alpha, its distance
    from the finger's middle line over radius, radii back from the tip along it)."""
    points = np.indices(shape, dtype=np.float32).transpose(1, 2, 0)
    axis = tip - start
    length = max(np.hypot(*axis), 1e-6)
    along = np.clip((points - start) @ axis / length ** 2, 0, 1)
    distance = np.linalg.norm(points - (start + along[..., None] * axis), axis=-1)
    return (np.clip(radius + 0.5 - distance, 0, 1), np.clip(distance / radius, 0, 1),
            (tip - points) @ axis / length / radius)


def _skin(random):
    """A skin colour, fair to dark: rgb."""
    return np.array(_SKINS[random.integers(len(_SKINS))]) * random.uniform(0.9, 1.05)


def _paint_finger(layer, cover, finger, skin, nail=False):
    """Paint a finger (from _finger) in `skin` over a premultiplied layer and its cover (alpha):
    rounded by the light from above; a nail near its tip if `nail`: (layer, cover)."""
    alpha, across, back = finger
    colour = skin * (0.62 + 0.38 * np.sqrt(1 - across ** 2))[..., None]
    if nail:  # pinker and glossier, an oval 0.1-1 radii back from the tip
        oval = np.clip((1 - ((back - 0.55) / 0.45) ** 2 - (across / 0.6) ** 2) * 4, 0, 1)
        colour = _mix(colour, oval * 0.6, np.array([0.97, 0.85, 0.84]))
    return _mix(layer, alpha, colour), cover * (1 - alpha) + alpha


def _clipboard(ink, digit, random):
    """A sheet on a clipboard (brown hardboard or coloured plastic) seen from above, turned up to 8
    degrees, on a desk: the board's edge round the paper; its metal clip (plate, hinge roll, wire
    lever) over the paper's top, 0.4-0.8 digit heights above the writing; the picture cut off below
    the writing."""
    reach = digit * random.uniform(0.25, 0.4)  # how far the clip's plate comes down over the paper
    sheet = _surround(ink, digit * np.array([random.uniform(0.4, 0.8) + reach / digit, random.uniform(1.0, 1.6),
                                             *random.uniform(0.6, 1.4, 2)]))
    rim, head = int(digit * random.uniform(0.15, 0.3)), int(digit * random.uniform(0.6, 0.8))
    shape = (sheet.shape[0] + head + rim, sheet.shape[1] + 2 * rim)
    board = np.array([(0.55, 0.38, 0.22), (0.15, 0.3, 0.6), (0.12, 0.12, 0.13), (0.7, 0.15, 0.15)][random.integers(4)])
    speckle = ndimage.gaussian_filter(random.normal(0, 1, shape), 0.8)
    rgb = board * (1 + 0.05 * speckle / speckle.std())[..., None]
    paper = _rounded_box(shape, (head, head + sheet.shape[0], rim, rim + sheet.shape[1]), 0)
    rgb = rgb * (1 - 0.4 * ndimage.shift(ndimage.gaussian_filter(paper, 2), (1.5, 1.5), order=1))[..., None]
    writing = np.pad(sheet, [(head, rim), (rim, rim)])
    rgb = _write_on(_mix(rgb, paper, np.full(3, random.uniform(0.88, 1))), writing, random)
    rgb = _clip(rgb, head, reach, shape[1] / 2, digit * random.uniform(1.1, 1.8), digit, random)
    cover = _rounded_box(shape, (0, shape[0], 0, shape[1]), digit * 0.12)
    margins = digit * np.array([random.uniform(0.3, 0.8), -1, *random.uniform(0.2, 0.7, 2)])
    margins[1] = -(rim + digit * random.uniform(0.3, 0.6))  # the picture ends below the writing
    rgb, _ = _lay(rgb * cover[..., None], cover, writing, random.uniform(-8, 8), margins, _desk, random)
    return _snapshot(rgb, random)


def _clip(rgb, head, reach, middle, width, digit, random):
    """A clipboard's metal clip drawn over rgb: a plate from 0.3 digit heights above the paper's top
    (row `head`) to `reach` px below it, `width` px wide about column `middle`; a hinge roll across
    its top and a wire lever above; its shadow on the paper."""
    top = head - 0.3 * digit
    roll = 0.2 * digit
    plate = _rounded_box(rgb.shape[:2], (top, head + reach, middle - width / 2, middle + width / 2), digit * 0.06)
    hinge = _rounded_box(rgb.shape[:2], (top - roll / 2, top + roll / 2, middle - width * 0.55, middle + width * 0.55),
                         roll / 2)
    wire = (top - 0.27 * digit, top + 0.05 * digit, middle - width * 0.3, middle + width * 0.3)
    thick = 0.05 * digit
    lever = _rounded_box(rgb.shape[:2], wire, thick) - _rounded_box(rgb.shape[:2], _inset(wire, thick), 0)
    metal = np.clip(plate + hinge + lever, 0, 1)
    shadow = ndimage.shift(ndimage.gaussian_filter(metal, digit * 0.05), digit * 0.06 * np.ones(2), order=1)
    rgb = rgb * (1 - 0.45 * shadow)[..., None]
    rows = np.indices(rgb.shape[:2], dtype=np.float32)[0]
    shine = random.uniform(0.55, 0.7) + 0.2 * np.exp(-((rows - top - 0.5 * (head + reach - top)) / (0.1 * digit)) ** 2)
    rgb = _mix(rgb, plate, (shine[..., None] * (1, 1, 1.03)))
    rgb = _mix(rgb, np.clip(lever, 0, 1), np.full(3, 0.35))
    turn = np.clip((rows - top) / roll, -0.5, 0.5) * np.pi  # across the roll: lit in its middle
    return _mix(rgb, hinge, (0.3 + 0.55 * np.cos(turn))[..., None] * np.ones(3))


def _binder(ink, digit, random):
    """A page in an open ring binder, photographed: 2 or 3 punched holes down its left side, 0.4-0.7
    digit heights from the writing, the binder's metal rings through them, over the page's edge to
    the spine plate on the binder's coloured cover beside it; turned up to 4 degrees."""
    holes, spacing = int(random.integers(2, 4)), digit * random.uniform(1.3, 2.2)
    tall = max(0, int(spacing * (holes - 1 + random.uniform(1.0, 1.4))) - ink.shape[0])
    ink = np.pad(ink, [(tall // 2, tall - tall // 2), (0, 0)])
    radius = digit * random.uniform(0.12, 0.18)
    edge_at = radius + digit * random.uniform(0.2, 0.35)  # the page's edge, past the holes' middles
    plate_at, plate = edge_at + digit * random.uniform(0.35, 0.6), digit * random.uniform(0.25, 0.4)
    ink, past, along = _edge(ink, 2, digit * random.uniform(0.4, 0.7) + radius,
                             plate_at + plate + digit * random.uniform(0.1, 0.4), np.radians(random.uniform(-4, 4)))
    centres = along[ink > 0.5].mean() + spacing * (np.arange(holes) - (holes - 1) / 2)
    across = np.min(np.abs(along[..., None] - centres), -1)  # from the nearest hole's middle, along the edge
    hole = np.clip(radius + 0.5 - np.hypot(past, across), 0, 1)
    band = radius * 0.45  # half a ring's width
    ring = np.clip(band + 0.5 - across, 0, 1) * np.clip(past + radius * 0.3, 0, 1) * np.clip(
        plate_at + plate / 2 - past, 0, 1)
    page = np.clip(edge_at + 0.5 - past, 0, 1) * (1 - hole)
    grain = ndimage.gaussian_filter(random.normal(0, 1, ink.shape), 1.5)
    cover = np.array([(0.1, 0.12, 0.3), (0.08, 0.08, 0.09), (0.55, 0.1, 0.12), (0.1, 0.35, 0.2)][random.integers(4)])
    rgb = cover * (1 + 0.08 * grain / grain.std())[..., None]
    rgb = rgb * (1 - 0.5 * np.exp(-np.clip(past - edge_at, 0, None) / (0.08 * digit)))[..., None]  # the page's shadow
    spine = np.clip(plate / 2 + 0.5 - np.abs(past - plate_at - plate / 2), 0, 1)
    rgb = _mix(rgb, spine, np.full(3, random.uniform(0.6, 0.75)))
    rgb = _write_on(_mix(rgb, page, np.full(3, random.uniform(0.88, 1))), ink, random)
    shadow = ndimage.shift(ndimage.gaussian_filter(ring, radius * 0.4), radius * 0.5 * np.ones(2), order=1)
    rgb = rgb * (1 - 0.4 * shadow * page)[..., None]
    rgb = _mix(rgb, ring, (0.35 + 0.55 * np.sqrt(np.clip(1 - (across / band) ** 2, 0, 1)))[..., None] * np.ones(3))
    return _snapshot(rgb, random)


def _phone_in_hand(ink, digit, random):
    """The digit drawn with a finger in a drawing app (a black, blue or red brush on white; a toolbar
    above, a palette of colours below, both 0.3 digit heights or more from the writing), on a phone
    held in a hand and photographed: a dark rounded bezel, a thumb over one side, fingertips round
    the other, the palm below; a blurred room behind; the phone turned up to 12 degrees."""
    drawing = _surround(ink, (0, 0, 0, 0))
    across = max(drawing.shape[1] + 0.8 * digit, digit / random.uniform(0.4, 0.55))  # the screen's width
    screen, writing = _app_screen(drawing, (int(across * random.uniform(2.0, 2.2)), int(across)), digit, random)
    bezel, round_by = int(across * random.uniform(0.035, 0.06)), across * 0.13
    height, width = (side + 2 * bezel for side in writing.shape)  # the phone's
    aside, above, below = int(width * 0.35), int(width * 0.1), int(height * 0.45)
    shape = (height + above + below, width + 2 * aside)
    place = (above, above + height, aside, aside + width)
    screen, writing = (np.pad(part, [(above + bezel, below + bezel), (aside + bezel, aside + bezel)]
                              + [(0, 0)] * (part.ndim - 2)) for part in (screen, writing))
    phone = _rounded_box(shape, place, round_by)
    frame = phone - _rounded_box(shape, _inset(place, 1.5), round_by - 1.5)  # the metal round its side
    glass = _rounded_box(shape, _inset(place, bezel), round_by - bezel)
    skin = _skin(random)
    palm = _finger(shape, np.array([place[1] + width, shape[1] / 2]), np.array([place[1] - 0.1 * height, shape[1] / 2]),
                   0.6 * width)
    layer, cover = _paint_finger(np.zeros(shape + (3,)), np.zeros(shape), palm, skin)
    body = _mix(np.full(shape + (3,), random.uniform(0.03, 0.1)), frame, np.full(3, random.uniform(0.35, 0.6)))
    layer, cover = _mix(layer, phone, _mix(body, glass, screen)), np.maximum(cover, phone)
    for finger, nail in _grip(place, writing, digit, random):
        layer, cover = _paint_finger(layer, cover, finger, skin, nail)
    angle = random.uniform(-12, 12)
    margins = width * random.uniform(0.08, 0.3, 4)
    margins[1] = -(shape[1] * abs(np.sin(np.radians(angle))) + height * random.uniform(0.05, 0.15))  # the wrist cut off
    rgb, _ = _lay(layer, cover, writing, angle, margins, _room, random, shadow=0)
    return _snapshot(rgb, random)


def _app_screen(drawing, shape, digit, random):
    """A drawing app's screen of `shape` px: status icons, a toolbar, the white page with the
    drawing (ink 0..1) on it, a palette of colour dots below: (rgb, the drawing's place on it)."""
    height, width = shape
    rgb = np.ones(shape + (3,)) * random.uniform(0.93, 1)
    bars = _rounded_box(shape, (0, 0.11 * height, 0, width), 0) + _rounded_box(
        shape, (0.86 * height, height, 0, width), 0)
    rgb = _mix(rgb, bars, np.full(3, random.uniform(0.85, 0.92)))
    icon = 0.025 * height
    for place in range(int(random.integers(3, 6))):  # the toolbar's tools
        left = width * (0.06 + 0.14 * place)
        rgb = _mix(rgb, _rounded_box(shape, (0.065 * height, 0.065 * height + icon, left, left + icon), icon / 4),
                   np.full(3, 0.3))
    battery = _rounded_box(shape, (0.015 * height, 0.03 * height, 0.8 * width, 0.9 * width), 2)
    rgb = _mix(rgb, battery, np.full(3, 0.2))
    colours = random.uniform(0.1, 0.9, (6, 3))
    for place, colour in enumerate(colours):  # the palette
        left = width * (0.08 + 0.15 * place)
        dot = _rounded_box(shape, (0.89 * height, 0.89 * height + 1.3 * icon, left, left + 1.3 * icon), 0.65 * icon)
        rgb = _mix(rgb, dot, colour)
    writing = np.zeros(shape, np.float32)
    room = (int(0.11 * height + 0.3 * digit), int(0.86 * height - 0.3 * digit - drawing.shape[0]))
    top = int(random.integers(room[0], max(room[0], min(room[1], int(0.5 * height))) + 1))
    left = int(random.integers(0, width - drawing.shape[1] + 1))
    left = int(np.clip(left, 0.3 * digit, width - 0.3 * digit - drawing.shape[1]))
    writing[top:top + drawing.shape[0], left:left + drawing.shape[1]] = drawing
    brush = np.array([(0.05, 0.05, 0.05), (0.1, 0.25, 0.8), (0.85, 0.1, 0.1)][random.integers(3)])
    rgb = _mix(rgb, writing, brush)
    rows, columns = np.indices(shape, dtype=np.float32)
    glare = np.exp(-(((rows - columns * 1.5) / height - random.uniform(-0.5, 0.5)) / 0.15) ** 2)  # a window mirrored
    return rgb + random.uniform(0.03, 0.08) * glare[..., None], writing


def _grip(place, writing, digit, random):
    """The fingers holding a phone at `place` (top, bottom, left, right): a thumb over one side, three
    fingertips round the other, each moved out towards its side while closer than 0.3 digit heights
    to the writing: [(finger, whether its nail shows), ...]."""
    top, bottom, left, right = place
    height, width = bottom - top, right - left
    edge, inwards = (left, 1) if random.random() < 0.5 else (right, -1)  # the thumb's side: left or right hand
    clear = ndimage.distance_transform_edt(writing < 0.05)
    row = bottom - height * random.uniform(0.2, 0.35)
    grip = [((bottom - 0.05 * height, -0.35), (row, 0.1), 0.13, -1, True)]  # (row, widths in from the edge)
    for row in bottom - height * (random.uniform(0.15, 0.4) + 0.08 * np.arange(3)):
        grip.append(((row + 0.07 * width, 1.4), (row, 0.97), 0.065, 1, False))
    fingers = []
    for start, tip, radius, outwards, nail in grip:
        for out in np.linspace(0, 0.2, 6):
            finger = _finger(writing.shape, np.array([start[0], edge + inwards * start[1] * width]),
                             np.array([tip[0], edge + inwards * (tip[1] + outwards * out) * width]), radius * width)
            if clear[finger[0] > 0].min() > 0.3 * digit:
                break
        fingers.append((finger, nail))
    return fingers


def _messenger(ink, digit, random):
    """A phone photo sent on twice through a messaging app: each time the app shrinks it to 100-200
    px on its long side and saves it as JPEG quality 20-35, and the receiving phone's viewer
    enlarges it 2-4 times (bicubic); the second viewer's screen captured (PNG)."""
    ink = transform.rescale(ink, 2, order=1)  # the phone's own photo: larger than it will travel
    image = _snapshot(_page(_surround(ink, 2 * digit * random.uniform(0.4, 1.0, 4)), random), random)
    for _ in range(2):
        factor = random.uniform(100, 200) / max(image.size)
        image = image.resize([max(1, round(side * factor)) for side in image.size], Image.Resampling.BILINEAR)
        sent = io.BytesIO()
        image.save(sent, format="JPEG", quality=int(random.integers(20, 36)))
        factor = random.uniform(2, 4)
        image = Image.open(sent).convert("RGB").resize([round(side * factor) for side in image.size],
                                                       Image.Resampling.BICUBIC)
    return image


def _graph_paper(ink, digit, random):
    """Graph paper, scanned askew by up to 3 degrees: a 1-2 mm grid (8-16 squares a digit height)
    with every 5th and 10th line bolder, a 5 mm grid (2.5-4 squares) with every 5th bolder, or a
    dot grid; pale green, blue or orange; the writing in pen or grainy pencil."""
    ink = _surround(ink, digit * random.uniform(0.5, 1.2, 4))
    rows, columns = np.indices(ink.shape, dtype=np.float32)
    tilt = np.radians(random.uniform(-3, 3))
    lines = [rows * np.cos(tilt) + columns * np.sin(tilt), columns * np.cos(tilt) - rows * np.sin(tilt)]
    lines = [distance + random.uniform(0, digit) for distance in lines]
    style = int(random.integers(3))
    spacing = digit / random.uniform(*((8, 16), (2.5, 4), (2.5, 4))[style])
    if style == 2:  # a dot where the lines would cross
        near = np.hypot(*(np.abs((distance + spacing / 2) % spacing - spacing / 2) for distance in lines))
        grid = np.clip(random.uniform(0.7, 1.2) + 0.5 - near, 0, 1) * random.uniform(0.5, 0.8)
    else:
        grid = np.zeros(ink.shape, np.float32)
        weights = ((1, 0.6, 0.25), (5, 1.2, 0.5), (10, 1.8, 0.7))[:3 - style]  # every nth line: px wide, strength
        for distance in lines:
            for every, wide, strength in weights:
                step = spacing * every
                near = np.abs((distance + step / 2) % step - step / 2)
                grid = np.maximum(grid, np.clip(wide / 2 + 0.5 - near, 0, 1) * strength)
    colour = np.array([(0.4, 0.7, 0.5), (0.45, 0.6, 0.9), (0.9, 0.55, 0.3)][random.integers(3)])
    paper = np.array([(1, 1, 0.97), (0.93, 0.97, 0.9)][random.integers(2)]) * random.uniform(0.9, 1)
    rgb = _mix(np.ones(ink.shape + (3,)) * paper, grid, colour)
    if random.random() < 0.5:  # pencil: grey graphite, grainy
        grain = ndimage.gaussian_filter(random.random(ink.shape), 0.7)
        rgb = _mix(rgb, np.clip(ink * (1.3 - 0.6 * grain), 0, 1) * random.uniform(0.7, 0.85), np.full(3, 0.2))
    else:
        rgb = _write_on(rgb, ink, random)
    rgb = ndimage.gaussian_filter(rgb, (0.6, 0.6, 0))
    return _rgb(rgb + random.normal(0, 0.01, rgb.shape))


def _show_through(ink, back, digit, random):
    """Thin paper lit from behind (against a window or a lamp): its cloudy fibres show, and so does
    the writing on its other side (other digits, mirrored, blurred by the paper, a tenth to a fifth
    as dark as this side's ink); photographed."""
    ink = _surround(ink, digit * random.uniform(0.4, 1.2, 4))
    back = _fit(back, ink.shape, random)
    cloud = ndimage.gaussian_filter(random.normal(0, 1, ink.shape), digit * 0.05)
    paper = random.uniform(0.85, 1) * (1 + 0.04 * cloud / cloud.std())
    through = ndimage.gaussian_filter(back, digit * random.uniform(0.015, 0.03)) * random.uniform(0.1, 0.2)
    rgb = (paper * (1 - through))[..., None] * (1, random.uniform(0.95, 1), random.uniform(0.85, 0.95))
    return _snapshot(_write_on(rgb, ink, random), random)


def _fit(ink, shape, random):
    """The ink on a canvas of `shape`, at a random place; cut where it does not fit."""
    canvas = np.zeros(shape, np.float32)
    top, left = (int(random.integers(-size // 2, whole - size // 2)) for size, whole in zip(ink.shape, shape))
    rows = slice(max(0, top), min(shape[0], top + ink.shape[0]))
    columns = slice(max(0, left), min(shape[1], left + ink.shape[1]))
    canvas[rows, columns] = ink[rows.start - top:rows.stop - top, columns.start - left:columns.stop - left]
    return canvas


def _form(pieces, digit, random):
    """A printed form's row of boxes (black, or a drop-out red or blue; apart, or sharing walls), one
    digit written in each, at least 12% of the box's height from its walls; a caption in small type
    just above; photographed, turned up to 3 degrees."""
    box = np.array([random.uniform(1.35, 1.6), random.uniform(0.9, 1.15)]) * digit  # height, width
    clear, line = 0.12 * box[0], max(1.0, digit * random.uniform(0.015, 0.035))
    box[1] = max(box[1], 0.9 * max(piece.shape[1] for piece in pieces) + 2 * clear)  # a wide digit: shrunk 10% at most
    gap = 0 if random.random() < 0.5 else box[1] * random.uniform(0.1, 0.4)
    caption = _CAPTIONS[random.integers(len(_CAPTIONS))]
    font = ImageFont.load_default(int(digit * random.uniform(0.22, 0.32)))
    margin = digit * random.uniform(0.5, 1.0)
    top = margin + font.size * random.uniform(1.5, 2.5)
    wide = max(len(pieces) * (box[1] + gap) - gap, font.getlength(caption))
    shape = (int(top + box[0] + margin), int(2 * margin + wide))
    writing, walls = np.zeros(shape, np.float32), np.zeros(shape, np.float32)
    for place, piece in enumerate(pieces):
        left = margin + place * (box[1] + gap)
        outer = (top, top + box[0], left, left + box[1])
        walls = np.maximum(walls, _rounded_box(shape, outer, 0) - _rounded_box(shape, _inset(outer, line), 0))
        inner = box - 2 * clear
        scale = min(1, *(inner / piece.shape))
        piece = np.clip(transform.rescale(piece, scale, order=1), 0, 1) if scale < 1 else piece
        row = int(top + clear + random.integers(0, int(inner[0] - piece.shape[0]) + 1))
        column = int(left + clear + random.integers(0, int(inner[1] - piece.shape[1]) + 1))
        writing[row:row + piece.shape[0], column:column + piece.shape[1]] = piece
    print_colour = np.array([(0.15, 0.15, 0.15), (0.92, 0.45, 0.45), (0.5, 0.65, 0.92)][random.integers(3)])
    text = Image.new("L", shape[::-1])
    ImageDraw.Draw(text).text((margin, top - font.size * 1.4), caption, fill=255, font=font)
    rgb = _mix(np.ones(shape + (3,)) * random.uniform(0.88, 1), walls, print_colour)
    rgb = _write_on(_mix(rgb, np.asarray(text, np.float32) / 255, np.full(3, 0.2)), writing, random)
    rgb = ndimage.rotate(rgb, random.uniform(-3, 3), axes=(1, 0), reshape=False, order=1, mode="nearest")
    return _snapshot(rgb, random)


def _uphill(pieces, random):
    """The digits left to right climbing 4-12 degrees (no line to follow), each on the climbing
    baseline give or take 5% of its height; gaps 12-60% of the taller neighbour, never touching:
    ink, half the tallest digit of paper around."""
    climb = np.tan(np.radians(random.uniform(4, 12)))
    gaps = [max(a.shape[0], b.shape[0]) * random.uniform(0.12, 0.6) for a, b in zip(pieces, pieces[1:])]
    lefts = np.cumsum([0, *(piece.shape[1] + gap for piece, gap in zip(pieces, gaps))]).astype(int)
    bottoms = [-climb * (left + piece.shape[1] / 2) + piece.shape[0] * random.uniform(-0.05, 0.05)
               for left, piece in zip(lefts, pieces)]
    margin = max(piece.shape[0] for piece in pieces) // 2
    tops = [int(bottom - piece.shape[0]) for bottom, piece in zip(bottoms, pieces)]
    shift = margin - min(tops)
    canvas = np.zeros((int(max(bottoms)) + shift + margin + 1, lefts[-1] + pieces[-1].shape[1] + 2 * margin),
                      np.float32)
    for top, left, piece in zip(tops, lefts, pieces):
        canvas[top + shift:top + shift + piece.shape[0], margin + left:margin + left + piece.shape[1]] = piece
    return canvas


def _shake_path(reach, random):
    """The path a shaking hand moved the phone along while the shutter was open, as a kernel summing
    to 1: the heading wanders (a curve, not a line), the speed changes (more light where the hand
    was slow), a tremor on top; `reach` px across at most."""
    steps = 300
    heading = random.uniform(0, 2 * np.pi) + np.cumsum(random.normal(0, 0.12, steps))
    speed = ndimage.gaussian_filter1d(random.normal(0, 1, steps), 25)
    speed = 0.2 + np.abs(speed / speed.std())
    points = np.cumsum(np.stack([np.sin(heading), np.cos(heading)], 1) * speed[:, None], 0)
    tremor = ndimage.gaussian_filter1d(random.normal(0, 1, (steps, 2)), 3, axis=0)
    points += tremor / tremor.std() * np.ptp(points, 0).max() * 0.03
    points = (points - points.min(0)) * reach / np.ptp(points, 0).max()
    kernel = np.zeros((int(np.ceil(reach)) + 2,) * 2)
    whole = np.floor(points).astype(int)
    part = points - whole
    for down in (0, 1):  # each moment's light shared among the 4 nearest pixels
        for right in (0, 1):
            share = np.abs(1 - down - part[:, 0]) * np.abs(1 - right - part[:, 1])
            np.add.at(kernel, (whole[:, 0] + down, whole[:, 1] + right), share)
    return kernel / kernel.sum()


# The fifth family: what the families above and make_user_digits.py leave out: other things round the
# page (an open notebook's facing page and fold, a checked or striped cloth or a bed sheet under it, a
# whiteboard's aluminium frame and marker tray, two hands holding it up, a plastic sleeve's gloss), a
# printed worksheet's answer circle, box or line, digits written fast so they touch, a fingertip on a
# fogged window, a coloured pencil on a kid's drawing pad, and pictures with no digit (label "none"):
# nothing written yet, something scribbled out, a doodle.
FIFTH_KINDS = ("notebook_spread", "cloth", "whiteboard_frame", "two_hands", "sleeve", "uci_fog", "colored_pencil",
               "number_worksheet", "number_touching", "none_blank", "none_scribble", "none_doodle")
KIND_SETS["fifth"] = FIFTH_KINDS
_FIFTH_PENS = {"whiteboard_frame": (0.08, 0.12), "uci_fog": (0.12, 0.16),
               "colored_pencil": (0.07, 0.1)}  # pen (a marker, a fingertip) width / digit height; the others 0.05-0.09
_QUESTIONS = ("How many apples are in the basket?", "Count the stars and write the number.",
              "What number comes next?", "How many pencils does Tom have now?", "Write the missing number.",
              "How many children are on the bus?", "Wie viele Katzen siehst du?", "Combien de billes a Lea ?")
_MARKERS = ((0.1, 0.1, 0.12), (0.1, 0.2, 0.6), (0.75, 0.12, 0.12), (0.1, 0.5, 0.2))  # black, blue, red, green


def _fifth(kind, source, random):
    """One picture of a fifth-family kind: (PIL image, extension, save options, label)."""
    height = int(random.integers(56, 111))
    if kind.startswith("none"):
        nothing = {"none_blank": _blank, "none_scribble": _scribble, "none_doodle": _doodle}[kind]
        image, label = nothing(height, random), "none"
    else:
        count = int(random.integers(*{"number_worksheet": (1, 5), "number_touching": (2, 6)}.get(kind, (1, 2))))
        pen = height * random.uniform(*_FIFTH_PENS.get(kind, (0.05, 0.09)))
        while True:  # until no digit is an odd hand that people, too, could read as another digit
            chosen = random.integers(len(source[0]), size=count)
            pieces = _readable_inks(source, chosen, np.full(count, height), pen, random)
            if not any(_mistakable(source, index) for index in chosen):
                break
        pieces = [_without_specks(piece) for piece in pieces]
        ink = _touching(pieces, random) if kind == "number_touching" else _line_up(pieces, random)
        capture = {"notebook_spread": _notebook_spread, "cloth": _cloth_under, "whiteboard_frame": _framed_board,
                   "two_hands": _two_hands, "sleeve": _sleeve, "uci_fog": _fog, "colored_pencil": _drawing_pad,
                   "number_worksheet": _worksheet, "number_touching": _plain_photo}[kind]
        image, label = capture(ink, height, random), "".join(str(source[1][index]) for index in chosen)
    if max(image.size) > 1200:
        image = image.resize([round(side * 1200 / max(image.size)) for side in image.size], Image.Resampling.LANCZOS)
    return image, "jpg", {"quality": int(random.integers(75, 93))}, label


def _mistakable(source, index):
    """Whether most of the image's 5 nearest others in its set (by pixels) have another label: an odd
    hand (a 4 like a tick, a 7 like a 1; about 5% of MNIST's test digits, 1% of UCI's)."""
    distances = np.sum((source[0] - source[0][index]) ** 2, axis=(1, 2))
    nearest = np.argpartition(distances, 6)[:6]
    return np.sum(source[1][nearest[nearest != index]] == source[1][index]) < 3


def _touching(pieces, random):
    """The digits left to right on one baseline (give or take 5%), written fast: each slid left from
    where its box meets its neighbour's until their strokes meet, then 0-4% of the digit height
    further: they touch or overlap a little (about 3 joins in 4; the slide stops at 15% of the
    height, as deeper one digit would tuck under the other, a 1 under a 7's bar); half a digit of
    paper around."""
    height = max(piece.shape[0] for piece in pieces)
    margin = height // 2
    canvas = np.zeros((height + height // 20 + 2 * margin, sum(piece.shape[1] for piece in pieces) + 2 * margin),
                      np.float32)
    left = margin
    for piece in pieces:
        bottom = margin + height + int(random.integers(0, height // 20 + 1))
        rows, wide = slice(bottom - piece.shape[0], bottom), piece.shape[1]
        if left > margin:
            deepest = int(0.15 * height)
            slide = next((slide for slide in range(deepest)
                          if np.any(canvas[rows, left - slide:left - slide + wide][piece > 0.3] > 0.3)), deepest)
            left -= slide + int(height * random.uniform(0, 0.04))
        canvas[rows, left:left + wide] = np.maximum(canvas[rows, left:left + wide], piece)
        left += wide
    return canvas[:, :left + margin]


def _plain_photo(ink, digit, random):
    """The writing on a plain page, 0.3-0.9 digit heights of paper round it, photographed."""
    return _snapshot(_page(_surround(ink, digit * random.uniform(0.3, 0.9, 4)), random), random)


def _on_ground(rgb, cover, writing, ground, random, turn=20, share=(0.3, 0.9)):
    """A thing (its rgb, cover 0..1 and the writing on it) turned up to `turn` degrees on the ground
    (ground(shape, random): rgb), `share` of the photo's height and width (before it turns): a photo."""
    spare = np.array(cover.shape) * (1 / random.uniform(*share) - 1)
    split = random.uniform(0.15, 0.85, 2)
    margins = (spare[0] * split[0], spare[0] * (1 - split[0]), spare[1] * split[1], spare[1] * (1 - split[1]))
    rgb, _ = _lay(rgb * cover[..., None], cover, writing, random.uniform(-turn, turn), margins, ground, random)
    return _snapshot(rgb, random)


def _notebook_spread(ink, digit, random):
    """An open notebook on a desk: the written page and the facing one (both plain, or both ruled in
    pale blue with the writing on a line), the centre fold's shadow between them 0.5-1 digit heights
    from the writing, the pages a little darker where they curve down into it; the cover's rim round
    the pages; 30-90% of the photo, turned up to 12 degrees."""
    side = int(random.integers(2))  # 0: the writing on the left page
    gaps = digit * random.uniform(0.5, 1.3, 4)
    gaps[3 - side] = digit * random.uniform(0.5, 1.0)  # to the fold
    page = _surround(ink, gaps)
    tall = max(0, int(page.shape[1] * random.uniform(1.2, 1.45)) - page.shape[0])  # pages taller than wide
    above = int(random.integers(tall + 1))
    page = np.pad(page, [(above, tall - above), (0, 0)])
    writing = np.concatenate([page, np.zeros_like(page)][::1 - 2 * side], 1)
    rows, columns = np.indices(writing.shape, dtype=np.float32)
    fold = np.abs(columns - page.shape[1]) / page.shape[1]  # 0 at the fold, 1 at the outer edges
    shade = (1 - random.uniform(0.3, 0.55) * np.exp(-fold * page.shape[1] / (0.2 * digit))
             - random.uniform(0.04, 0.1) * (1 - fold) ** 2)
    rgb = np.ones(writing.shape + (3,)) * (1, random.uniform(0.97, 1), random.uniform(0.9, 0.97))
    if random.random() < 0.5:
        spacing = digit * random.uniform(1.25, 1.6)
        baseline = np.nonzero(page > 0.05)[0].max() + 2
        near = np.abs((rows - baseline + spacing / 2) % spacing - spacing / 2)
        rgb = _mix(rgb, np.clip(1.5 - near, 0, 1) * 0.6, np.array([0.5, 0.65, 0.9]))
    rgb = _write_on(rgb * shade[..., None] * random.uniform(0.88, 1), writing, random)
    rim = int(digit * random.uniform(0.08, 0.18))
    rgb = np.pad(rgb, [(rim, rim), (rim, rim), (0, 0)])
    pages = np.pad(np.ones(writing.shape), rim)
    cover = np.array([(0.12, 0.12, 0.14), (0.55, 0.1, 0.12), (0.1, 0.25, 0.5), (0.6, 0.45, 0.3)][random.integers(4)])
    rgb = rgb + cover * (1 - pages)[..., None]
    return _on_ground(rgb, np.ones(pages.shape), np.pad(writing, rim), _desk, random, turn=12, share=(0.5, 0.9))


def _cloth_under(ink, digit, random):
    """A plain page on a cloth (gingham checks, stripes or a plain bed sheet), 30-90% of the photo,
    turned up to 30 degrees."""
    page = _surround(ink, digit * random.uniform(0.5, 1.3, 4))
    return _on_ground(_page(page, random), np.ones(page.shape), page, _cloth, random, turn=30)


def _cloth(shape, random):
    """A cloth's weave: gingham checks, stripes or a plain sheet in one of a few colours, its soft
    folds bending the pattern and shading it: rgb."""
    rows, columns = np.indices(shape, dtype=np.float32)
    folds = ndimage.gaussian_filter(random.normal(0, 1, shape), max(shape) * random.uniform(0.04, 0.08))
    folds = folds / folds.std()
    period, angle = random.uniform(14, 50), random.uniform(0, np.pi)
    across = np.cos(angle) * rows + np.sin(angle) * columns + folds * period * 0.3
    down = np.cos(angle) * columns - np.sin(angle) * rows + folds * period * 0.3
    bands = [np.clip((np.abs(distance % period - period / 2) - period / 4) + 0.5, 0, 1) for distance in (across, down)]
    look = int(random.integers(3))
    amount = ((bands[0] + bands[1]) / 2, bands[0], np.full(shape, 0.3))[look] * random.uniform(0.7, 0.95)
    colour = np.array([(0.75, 0.15, 0.18), (0.15, 0.3, 0.65), (0.2, 0.5, 0.3), (0.85, 0.65, 0.3),
                       (0.4, 0.4, 0.45)][random.integers(5)])
    threads = 1 + 0.05 * np.sin(rows * 2.1) * np.sin(columns * 2.1)
    light = 1 + 0.12 * np.gradient(folds, axis=int(random.integers(2))) * max(shape) * 0.06
    return _mix(np.full(shape + (3,), random.uniform(0.85, 0.97)), amount, colour) * (threads * light)[..., None]


def _framed_board(ink, digit, random):
    """Marker on a whiteboard in its aluminium frame (bevelled, lit along its middle), the marker tray
    along the bottom with a marker lying in it; a window mirrored in a pale band across the board;
    hung on a painted wall, 60-95% of the photo, turned up to 4 degrees."""
    inner = _surround(ink, digit * np.array([*random.uniform(0.5, 1.2, 2), *random.uniform(1.0, 3.0, 2)]))  # wide
    frame, tray = int(digit * random.uniform(0.12, 0.25)), int(digit * random.uniform(0.5, 0.8))
    shape = (inner.shape[0] + frame + tray, inner.shape[1] + 2 * frame)
    writing = np.pad(inner, [(frame, tray), (frame, frame)])
    rows, columns = np.indices(shape, dtype=np.float32)
    board = _rounded_box(shape, (frame, frame + inner.shape[0], frame, frame + inner.shape[1]), 0)
    smudge = ndimage.gaussian_filter(random.normal(0, 1, shape), digit * 0.3)
    angle = random.uniform(0.3, 1.2)
    band = np.cos(angle) * rows + np.sin(angle) * columns
    glare = np.exp(-((band - random.uniform(band.min(), band.max())) / (digit * random.uniform(0.3, 0.8))) ** 2)
    surface = random.uniform(0.88, 0.97) - 0.02 * smudge / smudge.std() + random.uniform(0.05, 0.12) * glare
    rgb = _mix(surface[..., None] * (0.98, 0.99, 1), writing, np.array(_MARKERS[random.integers(4)]))
    edge = np.minimum.reduce([rows, columns, shape[1] - 1 - columns, np.full(shape, frame)]) / frame
    metal = 0.5 + 0.35 * np.sin(np.pi * np.clip(edge, 0, 1))  # across the bevel: bright in its middle
    lip = (rows - frame - inner.shape[0]) / tray  # 0..1 down the tray: its lip, the trough, its face
    metal = np.where(lip > 0, np.select([lip < 0.3, lip < 0.75], [0.85, 0.45], 0.68), metal)
    rgb = _mix(rgb, 1 - board, metal[..., None] * (1, 1, 1.03))
    length = digit * random.uniform(1.2, 1.8)  # the marker lying in the trough, its cap to one side
    start = random.uniform(frame, shape[1] - frame - length)
    trough = (frame + inner.shape[0] + 0.33 * tray, frame + inner.shape[0] + 0.72 * tray)
    body = _rounded_box(shape, (*trough, start, start + length), 0.2 * tray)
    cap = _rounded_box(shape, (*trough, start + 0.75 * length, start + length), 0.2 * tray)
    rgb = _mix(_mix(rgb, body, np.full(3, random.uniform(0.8, 0.95))), cap, np.array(_MARKERS[random.integers(4)]))
    return _on_ground(rgb, np.ones(shape), writing, _wall, random, turn=4, share=(0.6, 0.95))


def _wall(shape, random):
    """A painted wall, lit more on one side: rgb."""
    columns = np.indices(shape, dtype=np.float32)[1] / shape[1]
    light = 1 - random.uniform(0.1, 0.3) * (columns if random.random() < 0.5 else 1 - columns)
    return random.uniform(0.6, 0.9, 3) * light[..., None]


def _two_hands(ink, digit, random):
    """A page held up in two hands before a blurred room: each hand behind a side edge, its thumb
    over the page, reaching in to 0.3 digit heights from the writing at most; the photo cut through
    the hands; the page turned up to 6 degrees."""
    page = _surround(ink, digit * np.array([*random.uniform(0.6, 1.2, 2), *random.uniform(0.9, 1.5, 2)]))
    aside, above = int(digit * 1.5), int(digit * random.uniform(0.3, 0.8))
    shape = (page.shape[0] + 2 * above, page.shape[1] + 2 * aside)
    place = (above, above + page.shape[0], aside, aside + page.shape[1])
    writing = np.pad(page, [(above, above), (aside, aside)])
    clear = ndimage.distance_transform_edt(writing < 0.05)
    layer, cover, skin = np.zeros(shape + (3,)), np.zeros(shape), _skin(random)
    grips = [(place[0] + page.shape[0] * random.uniform(0.3, 0.7), edge, inwards)
             for edge, inwards in ((place[2], 1), (place[3], -1))]
    for row, edge, inwards in grips:  # the hand behind the page, reaching in from the picture's side
        hand = _finger(shape, np.array([row + 2 * digit, edge - inwards * 3 * digit]),
                       np.array([row, edge + inwards * 0.5 * digit]), digit * random.uniform(0.6, 0.8))
        layer, cover = _paint_finger(layer, cover, hand, skin)
    paper = _rounded_box(shape, place, 1)
    layer = _write_on(_mix(layer, paper, np.full(3, random.uniform(0.85, 1))), writing, random)
    cover = np.maximum(cover, paper)
    radius = digit * random.uniform(0.28, 0.36)
    for row, edge, inwards in grips:  # the thumb in front, in as far as the writing leaves room
        for reach in np.linspace(1.5, 0, 7) * digit:
            thumb = _finger(shape, np.array([row + digit * 0.5, edge - inwards * digit]),
                            np.array([row, edge + inwards * reach]), radius)
            if clear[thumb[0] > 0].min() > 0.3 * digit:
                break
        layer, cover = _paint_finger(layer, cover, thumb, skin, nail=True)
    angle = random.uniform(-6, 6)
    cut = aside * random.uniform(0.3, 0.5, 2) + shape[0] * abs(np.sin(np.radians(angle)))  # into the hands
    margins = np.concatenate([digit * random.uniform(0.2, 0.8, 2), -cut])
    rgb, _ = _lay(layer, cover, writing, angle, margins, _room, random, shadow=0)
    return _snapshot(rgb, random)


def _sleeve(ink, digit, random):
    """A page in a clear plastic sleeve on a desk: the sleeve's rim past the page's edge, its punched
    strip down the left (three holes, the desk through them), the plastic dulling the page a little,
    a lamp mirrored in a soft glossy band across it; 30-90% of the photo, turned up to 15 degrees."""
    page = _surround(ink, digit * random.uniform(0.6, 1.3, 4))
    rim, strip = int(digit * random.uniform(0.06, 0.12)), int(digit * random.uniform(0.35, 0.5))
    shape = (page.shape[0] + 2 * rim, page.shape[1] + rim + strip)
    writing = np.pad(page, [(rim, rim), (strip, rim)])
    rows, columns = np.indices(shape, dtype=np.float32)
    paper = _rounded_box(shape, (rim, rim + page.shape[0], strip, strip + page.shape[1]), 0)
    holes = sum(np.clip(digit * 0.08 + 0.5 - np.hypot(rows - shape[0] * (0.5 + step), columns - strip * 0.45), 0, 1)
                for step in (-0.3, 0, 0.3))
    cover = np.clip(0.35 + 0.65 * paper + 0.35 * (columns < strip * 0.8), 0, 1) * (1 - holes)
    rgb = _mix(np.full(shape + (3,), 0.97), paper, _page(writing, random))  # beyond the page: clear film
    angle = random.uniform(0, np.pi)
    band = np.cos(angle) * rows + np.sin(angle) * columns
    gloss = random.uniform(0.4, 0.55) * np.exp(-((band - random.uniform(band.min(), band.max())) / (
        digit * random.uniform(0.2, 0.5))) ** 4)  # flat-topped: a lamp's or window's mirror image
    rgb = _mix(rgb * 0.93 + 0.03, gloss, np.ones(3))
    return _on_ground(rgb, cover, writing, _desk, random, turn=15)


def _fog(ink, digit, random):
    """A digit wiped with a fingertip on a fogged window at dusk: the fog a pale veil of droplets,
    thicker lower down, over the dim, blurred scene behind, a few big clear drops in it; the wiped
    strokes show the scene clear and dark, with a bright rim of pushed-aside drops."""
    ink = _surround(ink, digit * random.uniform(0.5, 1.2, 4))
    scene = _room(ink.shape, random) * random.uniform(0.2, 0.45)
    drops = ndimage.gaussian_filter(random.random(ink.shape), random.uniform(0.6, 1.2))
    drops = (drops - drops.mean()) / drops.std()
    rows = np.indices(ink.shape, dtype=np.float32)[0] / ink.shape[0]
    veil = (random.uniform(0.55, 0.7) + random.uniform(0, 0.15) * rows)[..., None]
    foggy = ndimage.gaussian_filter(scene, (4, 4, 0)) * (1 - veil) + veil * (0.85 + 0.05 * drops)[..., None]
    beads = (random.random(ink.shape) < random.uniform(0.002, 0.006)) * 4.0
    beads = np.clip(ndimage.gaussian_filter(beads, 0.8), 0, 0.7)
    foggy = _mix(foggy, beads, scene) + 0.3 * np.roll(beads, (-1, -1), (0, 1))[..., None]  # big drops: clear, a glint
    wiped = np.clip(ndimage.gaussian_filter(ink, 1.2) * 1.2, 0, 1)
    rim = np.clip(ndimage.gaussian_filter(wiped, digit * 0.04) - wiped, 0, 1)
    return _snapshot(_mix(foggy, wiped, scene) + 0.4 * rim[..., None], random)


def _drawing_pad(ink, digit, random):
    """A digit in coloured pencil on a kid's drawing pad, photographed: the pencil's wax only on the
    paper's raised tooth (pale specks in the stroke); a printed border 0.5-1.2 digit heights round the
    writing: a band of candy stripes or dots with a thin line inside it."""
    gap, band, out = digit * random.uniform((0.5, 0.25, 0.1), (1.2, 0.45, 0.3))  # to the border, its width, beyond
    writing = _surround(ink, np.full(4, gap + band + out))
    shape = writing.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    outer = _inset((0, shape[0], 0, shape[1]), out)
    ring = _rounded_box(shape, outer, band * 0.5) - _rounded_box(shape, _inset(outer, band), band * 0.2)
    period = band * random.uniform(0.8, 1.2)
    if random.random() < 0.5:
        pattern = np.clip(np.abs((rows + columns) % period - period / 2) - period / 4 + 0.5, 0, 1)
    else:
        pattern = np.clip(period * 0.3 - np.hypot(rows % period - period / 2, columns % period - period / 2), 0, 1)
    line = _rounded_box(shape, _inset(outer, band * 1.3), 0) - _rounded_box(shape, _inset(outer, band * 1.3 + 2), 0)
    colours = random.uniform(0.2, 0.9, (2, 3))
    rgb = np.ones(shape + (3,)) * (1, 1, random.uniform(0.92, 0.98)) * random.uniform(0.88, 1)
    rgb = _mix(_mix(_mix(rgb, ring, colours[0]), ring * pattern, colours[1]), line, colours[0])
    tooth = ndimage.gaussian_filter(random.normal(0, 1, shape), 0.7)
    wax = np.clip(ndimage.gaussian_filter(writing, 0.6) * 1.3, 0, 1) * np.clip(0.8 + 0.5 * tooth / tooth.std(), 0, 1)
    pencil = np.array([(0.8, 0.12, 0.12), (0.12, 0.3, 0.8), (0.1, 0.5, 0.2), (0.45, 0.15, 0.6),
                       (0.9, 0.4, 0.05)][random.integers(5)])
    return _snapshot(_mix(rgb, wax * random.uniform(0.85, 1), pencil), random)


def _worksheet(ink, digit, random):
    """A printed worksheet on a desk: a question in small type, below it the answer's place (a printed
    circle, a rounded box, or "Answer:" and a short line) with the writing (if any) in it, 0.15-0.3
    digit heights from the print; 70-95% of the photo, turned up to 5 degrees."""
    ink = _surround(ink, np.zeros(4)) if ink.max() > 0.05 else ink
    font = ImageFont.load_default(int(digit * random.uniform(0.2, 0.3)))
    question = _QUESTIONS[random.integers(len(_QUESTIONS))]
    margin, clear = digit * random.uniform(0.4, 0.9), digit * random.uniform(0.15, 0.3)
    line = max(1.0, digit * random.uniform(0.02, 0.04))
    style = int(random.integers(3))  # 0 a circle, 1 a box, 2 a line
    size = (np.array(ink.shape) + 2 * clear) * (np.sqrt(2) if style == 0 else 1)  # a circle round the box
    top = margin + font.size * random.uniform(1.8, 2.8)
    left = margin + (font.getlength("Answer:") + digit * 0.1 if style == 2 else digit * random.uniform(0, 1.5))
    shape = (int(top + size[0] + margin), int(max(left + size[1], margin + font.getlength(question)) + margin))
    rows, columns = np.indices(shape, dtype=np.float32)
    place = (top, top + size[0], left, left + size[1])
    round_by = 2 * np.hypot((rows - top - size[0] / 2) / size[0], (columns - left - size[1] / 2) / size[1])  # 1 on it
    line_at = top + (size[0] + ink.shape[0]) / 2 + digit * 0.08  # just under the writing
    printed = (np.clip(line / 2 + 0.5 - np.abs(round_by - 1) * size.min() / 2, 0, 1),
               _rounded_box(shape, place, clear) - _rounded_box(shape, _inset(place, line), clear - line),
               _rounded_box(shape, (line_at, line_at + line, left, left + size[1] + 0.4 * digit), 0))[style]
    text = Image.new("L", shape[::-1])
    ImageDraw.Draw(text).text((margin, margin), question, fill=255, font=font)
    if style == 2:
        ImageDraw.Draw(text).text((margin, line_at - font.size * 1.05), "Answer:", fill=255, font=font)
    writing = np.zeros(shape, np.float32)
    row, column = int(top + (size[0] - ink.shape[0]) / 2), int(left + (size[1] - ink.shape[1]) / 2)
    writing[row:row + ink.shape[0], column:column + ink.shape[1]] = ink
    rgb = np.ones(shape + (3,)) * random.uniform(0.9, 1)
    rgb = _mix(rgb, np.maximum(printed, np.asarray(text, np.float32) / 255), np.full(3, 0.2))
    rgb = _write_on(rgb, writing, random)
    return _on_ground(rgb, np.ones(shape), writing, _desk, random, turn=5, share=(0.7, 0.95))


def _blank(digit, random):
    """Nothing written yet: a worksheet's empty answer, a form's empty row of boxes, or a blank index
    card (3 by 5 inches) or sticky note (square) on a desk, 30-90% of the photo."""
    look = int(random.integers(3))
    if look == 0:
        return _worksheet(np.zeros((digit, int(digit * random.uniform(0.6, 3)))), digit, random)
    if look == 1:
        return _form([np.zeros((digit, int(digit * 0.6)))] * int(random.integers(2, 7)), digit, random)
    note, tall = random.random() < 0.5, digit * random.uniform(2, 4)
    shape = (int(tall), int(tall * (1 if note else random.uniform(1.5, 1.7))))
    colours = ((1, 0.92, 0.45), (1, 0.68, 0.78), (0.75, 0.95, 0.6)) if note else (
        (0.97, 0.97, 0.95), (0.98, 0.95, 0.85), (0.85, 0.92, 1))
    rgb = np.ones(shape + (3,)) * colours[random.integers(3)] * random.uniform(0.88, 1)
    return _on_ground(rgb, np.ones(shape), np.zeros(shape), _desk, random)


def _scribble(digit, random):
    """Something scribbled out: a pen dragged fast back and forth over a patch 1-4 digit heights wide
    and 0.5-1.1 tall, its zig-zags 0.03-0.08 digit heights apart, a second pass across it at another
    angle half the time; on a plain page, photographed."""
    wide, tall = digit * random.uniform(1, 4), digit * random.uniform(0.5, 1.1)
    paths = []
    angles = (random.uniform(-15, 15), random.uniform(30, 60) * random.choice([-1, 1]))
    for angle in angles[:1 + (random.random() < 0.5)]:
        turns = int(wide / (digit * random.uniform(0.03, 0.08)))
        across = np.linspace(0, wide, turns) + random.normal(0, digit * 0.02, turns)
        down = np.where(np.arange(turns) % 2, 0, tall) + random.normal(0, tall * 0.1, turns)
        paths.append(_turned(np.stack([down - tall / 2, across - wide / 2], 1), angle))
    return _plain_photo(_pen_paths(paths, digit * random.uniform(0.03, 0.06)), digit, random)


def _doodle(digit, random):
    """A doodle and no digit: a star (in one stroke), a heart, a smiley or an arrow, 1-1.6 digit
    heights tall, drawn by hand (its lines wobble; turned up to 20 degrees, an arrow any way); on a
    plain page or a sticky note, photographed."""
    turns = np.linspace(0, 2 * np.pi, 120)
    look = int(random.integers(4))
    if look == 0:
        corners = -np.pi / 2 + np.arange(6) * 4 * np.pi / 5
        paths = [np.stack([np.sin(corners), np.cos(corners)], 1)]
    elif look == 1:
        paths = [np.stack([-(13 * np.cos(turns) - 5 * np.cos(2 * turns) - 2 * np.cos(3 * turns) - np.cos(4 * turns)),
                           16 * np.sin(turns) ** 3], 1) / 16]
    elif look == 2:
        circle, mouth = np.stack([np.sin(turns), np.cos(turns)], 1), np.linspace(0.2, 0.8, 40) * np.pi
        paths = [circle, circle * 0.07 + (-0.3, -0.3), circle * 0.07 + (-0.3, 0.3),
                 np.stack([np.sin(mouth), np.cos(mouth)], 1) * 0.55]
    else:
        paths = [np.array([(0, -1), (0, 1)]), np.array([(-0.4, 0.6), (0, 1), (0.4, 0.6)])]
    angle = random.uniform(0, 360) if look == 3 else random.uniform(-20, 20)
    size = digit * random.uniform(1, 1.6) / 2
    paths = [_turned(path + ndimage.gaussian_filter1d(random.normal(0, 0.04, path.shape), 4, axis=0), angle) * size
             for path in paths]
    ink = _pen_paths(paths, digit * random.uniform(0.04, 0.08))
    return _sticky_note(ink, random) if random.random() < 0.5 else _plain_photo(ink, digit, random)


# The sixth family: what the families above and make_user_digits.py leave out: light writing on a dark
# surface (chalk on a board), ink feathering into a soft embossed napkin, a phone's night mode smoothing
# its own noise away, an old 1-bit scanner's error-diffused dots, a digit a few px tall in a whole-page
# photo, a double exposure, a highlighter's pale see-through ink, a cheap wide lens's dark, soft,
# colour-fringed corner, the bands a flickering lamp leaves through a rolling shutter, numbers written
# in groups like a phone number, a number written with several pens, and stained pages with no digit.
SIXTH_KINDS = ("chalkboard", "napkin", "night_mode", "dithered", "tiny_in_page", "ghosting", "highlighter",
               "corner_lens", "flicker", "number_phone", "number_pens", "none_stains")
KIND_SETS["sixth"] = SIXTH_KINDS
_SIXTH_PENS = {"chalkboard": (0.08, 0.12), "dithered": (0.08, 0.12), "tiny_in_page": (0.08, 0.12),
               "highlighter": (0.12, 0.17)}  # pen (chalk, a highlighter) width / digit height; the others 0.05-0.09
_INKS = ((0.08, 0.08, 0.1), (0.1, 0.15, 0.55), (0.75, 0.1, 0.12), (0.1, 0.45, 0.2), (0.4, 0.15, 0.55),
         (0.3, 0.3, 0.32))  # black, blue, red, green, purple; the last a pencil's graphite


def _sixth(kind, source, random):
    """One picture of a sixth-family kind: (PIL image, extension, save options, label)."""
    height = int(random.integers(56, 111))
    photo = {"quality": int(random.integers(75, 93))}
    if kind == "none_stains":
        return _stains(height, random), "jpg", photo, "none"
    count = int(random.integers(*{"number_phone": (6, 11), "number_pens": (2, 6)}.get(kind, (1, 2))))
    if kind == "number_pens":  # each digit its own pen: 0.75-1.3 times as tall, its own stroke width
        sizes = height * random.uniform(0.75, 1.3, count)
        pens = sizes * random.uniform(0.035, 0.13, count)
    else:
        sizes = np.full(count, height)
        pens = sizes * random.uniform(*_SIXTH_PENS.get(kind, (0.05, 0.09)))
    while True:  # until no digit is an odd hand that people, too, could read as another digit
        chosen = random.integers(len(source[0]), size=count)
        pieces = [_readable_inks(source, chosen[place:place + 1], sizes[place:place + 1], pens[place], random)[0]
                  for place in range(count)]  # a view of chosen: a digit drawn anew changes the label
        if not any(_mistakable(source, index) for index in chosen):
            break
    pieces = [_without_specks(piece) for piece in pieces]
    label = "".join(str(source[1][index]) for index in chosen)
    if kind == "number_phone":
        image = _phone_number(pieces, height, random)
    elif kind == "number_pens":
        image = _several_pens(pieces, random)
    else:
        capture = {"chalkboard": _chalkboard, "napkin": _napkin, "night_mode": _night_mode, "dithered": _dithered,
                   "tiny_in_page": _tiny_in_page, "ghosting": _ghosting, "highlighter": _highlighter,
                   "corner_lens": _corner_lens, "flicker": _flicker}[kind]
        image = capture(_line_up(pieces, random), height, random)
    if kind == "dithered":  # a scanner's file: 1 bit, lossless
        return image, "png", {}, label
    if kind != "tiny_in_page" and max(image.size) > 1200:
        image = image.resize([round(side * 1200 / max(image.size)) for side in image.size], Image.Resampling.LANCZOS)
    return image, "jpg", photo, label


def _chalkboard(ink, digit, random):
    """Chalk on a green or black board, photographed: the chalk only on the board's raised grain (dark
    gaps in the stroke), a little dust beside it; behind, the eraser's wide, streaky side-to-side
    wipes of old chalk dust and a cloudy haze."""
    ink = _surround(ink, digit * random.uniform(0.5, 1.5, 4))
    shape = ink.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    board = np.array([(0.16, 0.27, 0.21), (0.1, 0.2, 0.15), (0.13, 0.13, 0.14)][random.integers(3)])
    texture = ndimage.gaussian_filter(random.normal(0, 1, shape), 1)
    rgb = board * random.uniform(0.8, 1.2) * (1 + 0.06 * texture / texture.std())[..., None]
    wiped = np.zeros(shape, np.float32)
    for _ in range(int(random.integers(2, 6))):  # a band the eraser went along, tilted up to 15 degrees
        angle = np.radians(random.uniform(-15, 15))
        across = np.cos(angle) * rows - np.sin(angle) * columns
        middle, width = random.uniform(across.min(), across.max()), digit * random.uniform(0.4, 1.0)
        wiped += np.clip((width / 2 - np.abs(across - middle)) / (0.5 * width), 0, 1) * random.uniform(0.05, 0.15)
    streaks = ndimage.gaussian_filter(random.normal(0, 1, shape), (3, digit * 0.8))  # along the wipes
    haze = ndimage.gaussian_filter(random.normal(0, 1, shape), digit * 0.4)
    dust = wiped * np.clip(1 + 0.5 * streaks / streaks.std(), 0, 2) + 0.05 * np.clip(1 + haze / haze.std(), 0, 3)
    rgb = _mix(rgb, np.clip(dust, 0, 0.4), np.full(3, 0.85))
    grain = ndimage.gaussian_filter(random.random(shape), 0.8)
    touched = np.clip((grain - np.quantile(grain, random.uniform(0.15, 0.45))) / grain.std() + 0.5, 0, 1)
    chalk = np.clip(1.3 * ink, 0, 1) * touched * random.uniform(0.75, 0.95)
    chalk = np.clip(chalk + 0.15 * ndimage.gaussian_filter(ink, digit * 0.04), 0, 1)
    colour = np.array([(0.93, 0.93, 0.9), (0.95, 0.9, 0.55), (0.95, 0.7, 0.75), (0.7, 0.85, 0.95)][random.integers(4)])
    return _snapshot(_mix(rgb, chalk, colour), random)


def _napkin(ink, digit, random):
    """Felt-tip on a paper napkin, photographed: the ink feathered out along the tissue's fibres (a
    ragged, hairy edge), the napkin's embossed quilting, dots or waves lit from one side, its cloudy
    tissue."""
    ink = _surround(ink, digit * random.uniform(0.5, 1.2, 4))
    shape = ink.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    angle, period = random.uniform(0, np.pi / 2), digit * random.uniform(0.25, 0.5)
    across = (np.cos(angle) * rows + np.sin(angle) * columns) / period
    down = (np.cos(angle) * columns - np.sin(angle) * rows) / period
    look = int(random.integers(3))
    if look == 0:  # quilting: pressed lines, cushions between
        relief = np.minimum(np.abs(np.sin(np.pi * across)), np.abs(np.sin(np.pi * down)))
    elif look == 1:  # raised dots
        relief = np.exp(-((across % 1 - 0.5) ** 2 + (down % 1 - 0.5) ** 2) / 0.04)
    else:  # waves
        relief = np.sin(2 * np.pi * (across + 0.25 * np.sin(np.pi * down / 2))) ** 2
    slope = np.gradient(ndimage.gaussian_filter(relief, 1.0), axis=int(random.integers(2)))
    cloud = ndimage.gaussian_filter(random.normal(0, 1, shape), 2)
    light = 1 + random.uniform(0.05, 0.12) * slope / np.abs(slope).max() + 0.03 * cloud / cloud.std()
    paper = np.array([(0.97, 0.97, 0.96), (0.98, 0.95, 0.8), (0.88, 0.93, 0.98), (0.98, 0.88, 0.9)][random.integers(4)])
    rgb = paper * random.uniform(0.88, 1) * light[..., None]
    fibres = sum(ndimage.gaussian_filter(random.normal(0, 1, shape), sigma) for sigma in ((0.5, 5), (5, 0.5)))
    fibres = np.abs(fibres / fibres.std())
    reach = digit * random.uniform(0.04, 0.08) * (0.1 + fibres)  # how far the ink ran out from the stroke
    bleed = np.clip(1 - ndimage.distance_transform_edt(ink < 0.5) / reach, 0, 1) * random.uniform(0.5, 0.8)
    amount = ndimage.gaussian_filter(np.maximum(ink, bleed), 0.6) * random.uniform(0.85, 1)
    return _snapshot(_mix(rgb, amount, np.array(_INKS[random.integers(4)])), random)


def _night_mode(ink, digit, random):
    """A page in a dim room under a warm lamp, photographed in a phone's night mode: a few photons a
    pixel, then its strong noise reduction (total variation: flat, watercolour-like patches with soft
    edges), brightened with lifted, grey blacks (low contrast), sharpened a little."""
    rgb = _page(_surround(ink, digit * random.uniform(0.5, 1.2, 4)), random)
    rows, columns = np.indices(rgb.shape[:2], dtype=np.float32)
    middle = random.uniform(0, 1, 2) * rgb.shape[:2]
    spread = np.hypot(rows - middle[0], columns - middle[1]) / max(rgb.shape[:2])
    scene = rgb * (1 - random.uniform(0.3, 0.6) * spread)[..., None] * (1, random.uniform(0.75, 0.9),
                                                                        random.uniform(0.45, 0.65))
    photons = random.uniform(5, 15)  # at white paper
    raw = random.poisson(scene * photons) / photons + random.normal(0, 0.04, scene.shape)
    raw = ndimage.gaussian_filter(raw, (0.6, 0.6, 0))  # demosaicing spreads the noise over neighbours
    smooth = restoration.denoise_tv_chambolle(raw, weight=random.uniform(0.12, 0.25), channel_axis=-1)
    bright = random.uniform(0.15, 0.25) + random.uniform(0.55, 0.7) * smooth / np.quantile(smooth, 0.95)
    bright = bright + random.uniform(0.3, 0.6) * (bright - ndimage.gaussian_filter(bright, (2, 2, 0)))
    return _rgb(bright)


def _dithered(ink, digit, random):
    """A page through an old 1-bit scanner at low resolution (the digit 22-36 dots tall): the grey of
    the paper's uneven light and of a pencil or pen stroke made into black dots by Floyd-Steinberg
    error diffusion; shown enlarged 2-5 times, each dot a square."""
    ink = _surround(ink, digit * random.uniform(0.4, 1.0, 4))
    dots = random.uniform(22, 36) / digit
    small = transform.resize(ink, np.round(np.array(ink.shape) * dots).astype(int), anti_aliasing=True)
    rows, columns = np.indices(small.shape, dtype=np.float32)
    angle = random.uniform(0, 2 * np.pi)
    slope = (np.cos(angle) * rows + np.sin(angle) * columns) / max(small.shape)
    paper = random.uniform(0.93, 1) * (1 - random.uniform(0.03, 0.12) * (slope - slope.min()))
    values = paper * (1 - random.uniform(0.6, 0.85) * np.clip(small * 1.2, 0, 1))
    zoom = int(random.integers(2, 6))
    return _gray(_floyd_steinberg(values)).resize((small.shape[1] * zoom, small.shape[0] * zoom),
                                                  Image.Resampling.NEAREST)


def _floyd_steinberg(values):
    """Values 0..1 made black or white (0 or 1) row by row, each pixel's error passed on to the pixels
    right and below it (7, 3, 5 and 1 sixteenths)."""
    values = np.pad(np.asarray(values, np.float64), 1)  # room for the error past the edges
    for row in range(1, values.shape[0] - 1):
        line, below = values[row], values[row + 1]
        for column in range(1, values.shape[1] - 1):
            old = line[column]
            new = 1.0 if old >= 0.5 else 0.0
            error = old - new
            line[column] = new
            line[column + 1] += error * 7 / 16
            below[column - 1] += error * 3 / 16
            below[column] += error * 5 / 16
            below[column + 1] += error / 16
    return values[1:-1, 1:-1]


def _tiny_in_page(ink, digit, random):
    """A digit written 10-16 px tall on a page (plain, or ruled in pale blue with a red margin and the
    digit on a line), photographed whole at 1500-2500 px on its long side: the page 80-100% of the
    picture, the desk round the rest; light falling off one way, mild noise."""
    tiny = random.uniform(10, 16)
    small = np.clip(transform.rescale(_surround(ink, np.zeros(4)), tiny / digit, anti_aliasing=True), 0, 1)
    long = int(random.integers(1500, 2501))
    shape = (long, int(long * 0.75)) if random.random() < 0.5 else (int(long * 0.75), long)
    box = np.array([0, shape[0], 0, shape[1]]) + random.uniform(0, 0.1, 4) * np.repeat(shape, 2) * (1, -1, 1, -1)
    low = tuple(side // 4 for side in shape)  # the desk and the page's shadow at a quarter of the size
    shadow = ndimage.shift(ndimage.gaussian_filter(_rounded_box(low, box / 4, 0), 4), (2, 2), order=1)
    desk = _desk(low, random) * (1 - 0.45 * shadow)[..., None]
    rgb = np.asarray(_rgb(desk).resize(shape[::-1], Image.Resampling.BILINEAR), np.float32) / 255
    page = _rounded_box(shape, box, 2)
    paper = np.array([(0.97, 0.97, 0.95), (0.97, 0.94, 0.85)][random.integers(2)]) * random.uniform(0.85, 1)
    rgb = _mix(rgb, page, paper.astype(np.float32))
    top = int(random.uniform(box[0] + 0.05 * shape[0], box[1] - 0.05 * shape[0] - small.shape[0]))
    left = int(random.uniform(box[2] + 0.1 * shape[1], box[3] - 0.05 * shape[1] - small.shape[1]))
    if random.random() < 0.5:  # ruled: lines 1.6-2.2 digits apart, the digit's bottom on one
        spacing = tiny * random.uniform(1.6, 2.2)
        near = np.abs((np.arange(shape[0]) - top - small.shape[0] + spacing / 2) % spacing - spacing / 2)
        ruled = np.broadcast_to(np.clip(1.2 - near, 0, 1)[:, None] * 0.5, shape) * page
        rgb = _mix(rgb, ruled, np.array([0.5, 0.65, 0.9], np.float32))
        margin = box[2] + 0.07 * shape[1]
        rule = np.broadcast_to(np.clip(1.2 - np.abs(np.arange(shape[1]) - margin), 0, 1) * 0.5, shape) * page
        rgb = _mix(rgb, rule, np.array([0.9, 0.4, 0.4], np.float32))
    place = (slice(top, top + small.shape[0]), slice(left, left + small.shape[1]))
    rgb[place] = _write_on(rgb[place], small, random)
    rows, columns = np.indices(shape, dtype=np.float32)
    angle = random.uniform(0, 2 * np.pi)
    slope = (np.cos(angle) * rows + np.sin(angle) * columns) / max(shape)
    rgb *= (1 - random.uniform(0.05, 0.2) * (slope - slope.min()))[..., None]
    rgb = ndimage.gaussian_filter(rgb, (0.6, 0.6, 0))
    return _rgb(rgb + random.uniform(0.01, 0.02) * random.standard_normal(rgb.shape, np.float32))


def _ghosting(ink, digit, random):
    """A page on a desk in a double exposure (a night-mode merge of two frames the hand moved between):
    two copies of the whole picture, 3-6% of a digit height apart, one with 55-70% of the light."""
    page = _surround(ink, digit * random.uniform(0.5, 1.2, 4))
    rgb, _ = _lay(_page(page, random), np.ones(page.shape), page, random.uniform(-10, 10),
                  digit * random.uniform(0.3, 0.8, 4), _desk, random)
    angle, apart = random.uniform(0, 2 * np.pi), digit * random.uniform(0.03, 0.06)
    other = ndimage.shift(rgb, (apart * np.sin(angle), apart * np.cos(angle), 0), order=1, mode="nearest")
    share = random.uniform(0.55, 0.7)
    return _snapshot(share * rgb + (1 - share) * other, random)


def _highlighter(ink, digit, random):
    """A digit in highlighter (yellow, pink, green, orange or light blue) on white or cream paper: see-
    through dye, pale, darker along the stroke's edges where it dried; photographed."""
    ink = _surround(ink, digit * random.uniform(0.5, 1.2, 4))
    inside = ndimage.distance_transform_edt(ink > 0.5)
    amount = ink * random.uniform(0.6, 0.85) * (1 + random.uniform(0.15, 0.35) * np.exp(-inside / 1.5))
    dye = np.array([(1, 0.93, 0.25), (1, 0.55, 0.75), (0.6, 0.95, 0.45), (1, 0.7, 0.35),
                    (0.5, 0.8, 1)][random.integers(5)])
    paper = np.array([(0.97, 0.97, 0.95), (0.97, 0.94, 0.85)][random.integers(2)]) * random.uniform(0.88, 1)
    return _snapshot(paper * (1 - amount[..., None] * (1 - dye)), random)  # the dye takes away light: multiply


def _corner_lens(ink, digit, random):
    """A page taken with a cheap wide lens, the digit near one corner of the picture: the light falling
    to 35-55% in the corners (vignetting), the picture softer towards them, red and blue drawn a little
    larger and smaller than green (colour fringes at the edges)."""
    corner = int(random.integers(4))  # 0 top left, 1 top right, 2 bottom left, 3 bottom right
    near, far = digit * random.uniform(0.3, 0.7, 2), digit * random.uniform(2, 3.5, 2)
    gaps = [(near[0], far[0]), (far[0], near[0])][corner // 2] + [(near[1], far[1]), (far[1], near[1])][corner % 2]
    rgb = _page(_surround(ink, gaps), random)
    shape = rgb.shape[:2]
    rows, columns = np.indices(shape, dtype=np.float32)
    middle = (np.array(shape) - 1) / 2
    reach = np.hypot(rows - middle[0], columns - middle[1]) / np.hypot(*middle)  # 1 in the corners
    fringe = random.uniform(0.003, 0.008)
    rgb = np.stack([ndimage.map_coordinates(rgb[..., channel], [middle[0] + (rows - middle[0]) / stretch,
                                                                middle[1] + (columns - middle[1]) / stretch],
                                            order=1, mode="nearest")
                    for channel, stretch in enumerate((1 + fringe, 1, 1 - fringe))], -1)
    soft = ndimage.gaussian_filter(rgb, (digit * random.uniform(0.02, 0.04),) * 2 + (0,))
    rgb = _mix(rgb, reach ** 2, soft)
    return _snapshot(rgb * (1 - random.uniform(0.45, 0.65) * reach ** 2)[..., None], random)


def _flicker(ink, digit, random):
    """A page on a desk under a flickering LED or fluorescent lamp, photographed with a rolling shutter:
    the picture's rows read out one after another, so dark and light bands run across it (2.5-8 of
    them), the dark ones 15-40% darker and tinted."""
    page = _surround(ink, digit * random.uniform(0.5, 1.2, 4))
    rgb, _ = _lay(_page(page, random), np.ones(page.shape), page, random.uniform(-8, 8),
                  digit * random.uniform(0.3, 0.8, 4), _desk, random)
    rows = np.arange(rgb.shape[0], dtype=np.float32)
    wave = 0.5 + 0.5 * np.sin(2 * np.pi * rows * random.uniform(2.5, 8) / rgb.shape[0] + random.uniform(0, 2 * np.pi))
    dark = (random.uniform(0.15, 0.4) * wave ** random.uniform(1, 3))[:, None, None]
    tint = np.array([1, random.uniform(0.9, 1), random.uniform(0.75, 1.05)])
    return _snapshot(rgb * (1 - dark) * (1 - dark * (1 - tint)), random)


def _phone_number(pieces, digit, random):
    """Digits written like a phone number: in groups of 2-4, 12-35% of the taller neighbour apart in a
    group, 0.7-1.2 digit heights between groups (no dash); the baseline wandering up and down (up to
    15% of a digit), on a plain page, photographed."""
    groups = []
    while sum(groups) < len(pieces):
        rest = len(pieces) - sum(groups)
        groups.append(rest if rest <= 4 else int(random.integers(2, min(4, rest - 2) + 1)))
    ends = set(np.cumsum(groups)[:-1])  # the digits a group starts with
    gaps = [digit * random.uniform(0.7, 1.2) if place in ends
            else max(a.shape[0], b.shape[0]) * random.uniform(0.12, 0.35)
            for place, (a, b) in enumerate(zip(pieces, pieces[1:]), 1)]
    lifts = np.clip(np.cumsum(random.normal(0, 0.05 * digit, len(pieces))), -0.15 * digit, 0.15 * digit)
    return _plain_photo(np.max(_spaced(pieces, gaps, lifts), 0), digit, random)


def _several_pens(pieces, random):
    """A number whose digits were written with different pens (black, blue, red, green, purple ballpoint
    or grainy pencil, each its own width and size), on one baseline give or take 6%, never touching;
    on a plain page, photographed."""
    gaps = [max(a.shape[0], b.shape[0]) * random.uniform(0.15, 0.45) for a, b in zip(pieces, pieces[1:])]
    layers = _spaced(pieces, gaps, [piece.shape[0] * random.uniform(-0.06, 0.06) for piece in pieces])
    rgb = _page(np.zeros(layers.shape[1:]), random)  # the paper alone
    for layer, pen in zip(layers, random.permutation(len(_INKS))):
        if pen == len(_INKS) - 1:  # graphite: grainy
            layer = layer * (1.2 - 0.5 * ndimage.gaussian_filter(random.random(layer.shape), 0.7))
        rgb = _mix(rgb, np.clip(layer, 0, 1) * random.uniform(0.8, 1), np.array(_INKS[pen]))
    return _snapshot(rgb, random)


def _spaced(pieces, gaps, lifts):
    """The digits left to right, `gaps` px apart, each's bottom `lifts` px above a common baseline; half
    the tallest digit of paper round: an array of ink layers (1 = ink), one a digit."""
    margin = max(piece.shape[0] for piece in pieces) // 2
    lifts = np.round(np.asarray(lifts) - np.min(lifts)).astype(int)
    baseline = margin + max(piece.shape[0] + lift for piece, lift in zip(pieces, lifts))
    lefts = margin + np.cumsum([0, *(piece.shape[1] + gap for piece, gap in zip(pieces, gaps))]).astype(int)
    layers = np.zeros((len(pieces), baseline + margin, lefts[-1] + pieces[-1].shape[1] + margin), np.float32)
    for layer, piece, lift, left in zip(layers, pieces, lifts, lefts):
        layer[baseline - lift - piece.shape[0]:baseline - lift, left:left + piece.shape[1]] = piece
    return layers


def _stains(digit, random):
    """A page with no digit, only stains (1-3): a coffee cup's ring (a thin brown rim, darker in parts,
    a faint tint inside, 3-5.6 digit heights across, often cut by the picture's edge), a dried water
    stain (a wavy blotch with a darker tide line) or a soft, broad grey smear of pencil graphite from
    a hand; photographed."""
    shape = (int(digit * random.uniform(3, 5)), int(digit * random.uniform(3.5, 7)))
    rows, columns = np.indices(shape, dtype=np.float32)
    rgb = _page(np.zeros(shape), random)  # the paper alone
    for _ in range(int(random.integers(1, 4))):
        centre = random.uniform(-0.2, 1.2, 2) * shape
        angle = np.arctan2(rows - centre[0], columns - centre[1])
        distance = np.hypot(rows - centre[0], columns - centre[1])
        look = int(random.integers(3))
        if look == 0:
            radius = digit * random.uniform(1.5, 2.8)
            edge = distance - radius * (1 + 0.02 * np.sin(3 * angle + random.uniform(0, 6))
                                        + 0.015 * np.sin(5 * angle + random.uniform(0, 6)))
            along = np.clip(0.55 + 0.7 * np.sin(angle * int(random.integers(1, 3)) + random.uniform(0, 6)), 0.1, 1)
            rim = np.exp(-(edge / (radius * random.uniform(0.015, 0.04))) ** 2) * along
            amount = random.uniform(0.3, 0.6) * rim + random.uniform(0.04, 0.12) * np.clip(0.5 - edge, 0, 1)
            rgb = _mix(rgb, amount, np.array([0.5, 0.32, 0.15]))
        elif look == 1:
            blotch = ndimage.gaussian_filter(random.normal(0, 1, shape), digit * 0.4)
            edge = distance / (digit * random.uniform(0.8, 1.8)) - 1 + 0.4 * blotch / blotch.std()
            tide = np.exp(-(edge / 0.04) ** 2) * random.uniform(0.08, 0.18)
            wet = np.clip(0.5 - edge * 20, 0, 1) * random.uniform(0.02, 0.06)
            rgb = _mix(rgb, tide + wet, np.array([0.6, 0.55, 0.4]))
        else:
            turn = random.uniform(0, np.pi)
            along = (np.cos(turn) * (columns - centre[1]) + np.sin(turn) * (rows - centre[0])) / digit
            across = (np.cos(turn) * (rows - centre[0]) - np.sin(turn) * (columns - centre[1])) / digit
            streaks = np.interp(across, np.linspace(-3, 3, 200), ndimage.gaussian_filter1d(random.random(200), 1.5))
            smear = np.exp(-(along / random.uniform(0.8, 1.5)) ** 2 - (across / random.uniform(0.5, 0.8)) ** 2)
            rgb = _mix(rgb, smear * (0.4 + streaks) * random.uniform(0.15, 0.3), np.full(3, 0.3))
    return _snapshot(rgb, random)


# The seventh family: what the families above and make_user_digits.py leave out: a warm desk lamp's pool of
# light on a ruled card, an old yellowed page with foxing spots, scanned; graph paper with a coloured grid
# bent into curves where the page curls; a desktop paint program's screenshot; pencil on grey recycled
# paper with fibres and flecks; a page under a glass desk top mirroring the room; a page photographed at
# a steep angle (foreshortened, the far side out of focus); wet ink smeared by the writing hand; a wrong
# digit struck out beside the right one; numbers whose digits bounce above and below the line in uneven
# sizes; and, with no digit, a printed page of words or a ruled page with only a little drawing.
SEVENTH_KINDS = ("lamp_pool", "foxed", "curved_grid", "paint_app", "recycled", "glass_desk", "steep_angle",
                 "smeared", "corrected", "number_bouncy", "none_text", "none_sketch")
KIND_SETS["seventh"] = SEVENTH_KINDS
_SEVENTH_PENS = {"paint_app": (0.06, 0.1), "smeared": (0.07, 0.1)}  # pen (a mouse's brush, a gel pen) width / digit
# height; the others 0.05-0.09
_WORDS = ("the", "of", "and", "a", "to", "in", "is", "was", "that", "for", "on", "with", "as", "his", "they", "at",
          "be", "this", "from", "have", "or", "by", "one", "had", "not", "but", "what", "all", "were", "when", "we",
          "there", "can", "an", "your", "which", "their", "said", "if", "do", "will", "each", "about", "how", "up",
          "out", "them", "then", "she", "many", "some", "so", "these", "would", "other", "into", "has", "more",
          "her", "like", "him", "see", "time", "could", "people", "my", "than", "first", "water", "been", "called",
          "who", "oil", "its", "now", "find", "long", "down", "day", "did", "get", "come", "made", "may", "part",
          "river", "garden", "morning", "children", "letter", "reading", "window", "mountain", "question")


def _legible_digits(source, sizes, pens, random, first_two_differ=False):
    """One MNIST test digit drawn anew per size (px high) and pen, none an odd hand that people, too,
    could read as another digit (and the first two different digits where one replaces the other):
    (their inks, the label)."""
    while True:
        chosen = random.integers(len(source[0]), size=len(sizes))
        pieces = [_readable_inks(source, chosen[place:place + 1], sizes[place:place + 1], pens[place], random)[0]
                  for place in range(len(sizes))]  # a view of chosen: a digit drawn anew changes the label
        if (not any(_mistakable(source, index) for index in chosen)
                and (not first_two_differ or source[1][chosen[0]] != source[1][chosen[1]])):
            break
    return [_without_specks(piece) for piece in pieces], "".join(str(source[1][index]) for index in chosen)


def _seventh(kind, source, random):
    """One picture of a seventh-family kind: (PIL image, extension, save options, label)."""
    height = int(random.integers(56, 111))
    photo = {"quality": int(random.integers(75, 93))}
    if kind.startswith("none"):
        return {"none_text": _printed_text, "none_sketch": _ruled_sketch}[kind](height, random), "jpg", photo, "none"
    count = int(random.integers(*{"number_bouncy": (2, 6), "corrected": (2, 3)}.get(kind, (1, 2))))
    sizes = height * (random.uniform(0.7, 1.3, count) if kind == "number_bouncy" else np.ones(count))
    pens = sizes * random.uniform(*_SEVENTH_PENS.get(kind, (0.05, 0.09)))
    pieces, label = _legible_digits(source, sizes, pens, random, first_two_differ=kind == "corrected")
    if kind == "corrected":  # the first digit struck out, the second the answer
        image, label = _corrected(pieces, height, random), label[1]
    elif kind == "number_bouncy":
        image = _bouncy(pieces, height, random)
    else:
        capture = {"lamp_pool": _lamp_pool, "foxed": _foxed, "curved_grid": _curved_grid, "paint_app": _paint_app,
                   "recycled": _recycled, "glass_desk": _glass_desk, "steep_angle": _steep_angle,
                   "smeared": _smeared}[kind]
        image = capture(_line_up(pieces, random), height, random)
    if kind in ("paint_app", "foxed"):  # a screenshot and a scan: lossless
        return image, "png", {}, label
    if max(image.size) > 1200:
        image = image.resize([round(side * 1200 / max(image.size)) for side in image.size], Image.Resampling.LANCZOS)
    return image, "jpg", photo, label


def _ruled(shape, top, spacing, random, margin=None):
    """Pale blue rules `spacing` px apart, one at row `top`; a red margin line at column `margin`: 0..1
    layers (rules, margin)."""
    near = np.abs((np.arange(shape[0]) - top + spacing / 2) % spacing - spacing / 2)
    rules = np.broadcast_to(np.clip(1.5 - near, 0, 1)[:, None] * random.uniform(0.35, 0.6), shape)
    rule = np.zeros(shape) if margin is None else np.broadcast_to(
        np.clip(1.5 - np.abs(np.arange(shape[1]) - margin), 0, 1) * 0.6, shape)
    return rules, rule


def _lamp_pool(ink, digit, random):
    """Ballpoint on a ruled index card on a desk at night, lit by a tungsten desk lamp: everything deep
    orange, a bright pool of light round the writing falling to 10-30% of it in the picture's corners
    (strong vignetting as well), a little sensor noise."""
    gaps = digit * random.uniform(0.4, 1.0, 4)
    page = _surround(ink, gaps)
    rules, _ = _ruled(page.shape, page.shape[0] - int(gaps[1]) + 2, digit * random.uniform(1.3, 1.7), random)
    card = _write_on(_mix(np.ones(page.shape + (3,)) * random.uniform(0.92, 1), rules, np.array([0.45, 0.6, 0.9])),
                     page, random)
    rgb, writing = _lay(card, np.ones(page.shape), page, random.uniform(-10, 10),
                        digit * random.uniform(0.4, 1.2, 4), _desk, random)
    rows, columns = np.indices(rgb.shape[:2], dtype=np.float32)
    middle = np.array(ndimage.center_of_mass(writing)) + random.normal(0, digit * 0.4, 2)
    spread = np.hypot(rows - middle[0], columns - middle[1]) / (max(rgb.shape[:2]) * random.uniform(0.45, 0.7))
    light = random.uniform(0.1, 0.3) + (1 - random.uniform(0.1, 0.3)) * np.exp(-spread ** 2 * 2.5)
    tungsten = np.array([1, random.uniform(0.68, 0.8), random.uniform(0.38, 0.52)])
    rgb = rgb * light[..., None] * tungsten * random.uniform(1.0, 1.15)
    return _rgb(ndimage.gaussian_filter(rgb, (0.7, 0.7, 0)) + random.normal(0, 0.025, rgb.shape))


def _foxed(ink, digit, random):
    """An old page scanned flat: paper gone yellow-brown, darker towards its edges, mottled; foxing (rusty
    brown spots, a few soft blotches and many small specks); the ink faded to a brownish grey; the
    scanner's dark lid beyond the page along one side."""
    page = _surround(ink, digit * random.uniform(0.5, 1.3, 4))
    shape = page.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    edge = np.minimum(np.minimum(rows, shape[0] - rows), np.minimum(columns, shape[1] - columns)) / digit
    mottle = ndimage.gaussian_filter(random.normal(0, 1, shape), digit * 0.15)
    tone = 1 - random.uniform(0.08, 0.2) * np.exp(-edge / 0.6) + 0.03 * mottle / mottle.std()
    rgb = np.array([0.95, random.uniform(0.86, 0.9), random.uniform(0.66, 0.76)]) * tone[..., None]
    spots = np.zeros(shape, np.float32)
    for _ in range(int(random.integers(15, 60))):
        centre, radius = random.uniform(0, 1, 2) * shape, digit * random.uniform(0.005, 0.04)
        if random.random() < 0.1:
            radius *= random.uniform(3, 6)  # a blotch
        spots += np.exp(-((rows - centre[0]) ** 2 + (columns - centre[1]) ** 2) / (2 * radius ** 2)) * random.uniform(
            0.2, 0.5)
    rgb = _mix(rgb, np.clip(spots, 0, 0.6), np.array([0.6, 0.38, 0.2]))
    faded = np.array([random.uniform(0.3, 0.42), random.uniform(0.27, 0.35), random.uniform(0.25, 0.35)])
    rgb = _mix(rgb, page * random.uniform(0.75, 0.9), faded)
    side, wide = int(random.integers(4)), int(digit * random.uniform(0.1, 0.4))
    lid = np.zeros(shape, bool)
    (lid[:wide], lid[-wide:], lid[:, :wide], lid[:, -wide:])[side][...] = True
    rgb[lid] = random.uniform(0.05, 0.15)
    rgb = ndimage.gaussian_filter(rgb, (0.5, 0.5, 0))
    return _rgb(rgb + random.normal(0, 0.008, rgb.shape))


def _curved_grid(ink, digit, random):
    """Graph paper with a strong coloured grid (red, blue, green or magenta; 2.5-5 squares a digit
    height), the page curling up towards a bound edge and photographed: the grid lines and the writing
    bend together into curves, the curl shaded darker."""
    page = _surround(ink, digit * random.uniform(0.6, 1.4, 4))
    shape = page.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    spacing, offset = digit / random.uniform(2.5, 5), random.uniform(0, digit, 2)
    grid = np.zeros(shape, np.float32)
    for distance in (rows + offset[0], columns + offset[1]):
        near = np.abs((distance + spacing / 2) % spacing - spacing / 2)
        grid = np.maximum(grid, np.clip(random.uniform(1, 2) / 2 + 0.5 - near, 0, 1) * random.uniform(0.55, 0.8))
    colour = np.array([(0.85, 0.25, 0.25), (0.25, 0.4, 0.85), (0.2, 0.6, 0.35), (0.75, 0.25, 0.65)][random.integers(4)])
    rgb = _write_on(_mix(np.ones(shape + (3,)) * random.uniform(0.9, 1), grid, colour), page, random)
    flip = random.random() < 0.5  # the bound edge on the left or the right
    across = (columns if flip else shape[1] - 1 - columns) / shape[1]  # 0 at the bound edge
    down = rows / shape[0] - random.uniform(0.3, 0.7)
    lift = digit * random.uniform(0.3, 0.8) * (1 - across) ** 2  # the curl: rows bow, strongest at the bound edge
    source_rows = rows + lift * (1 - 4 * down ** 2) * random.choice([-1, 1]) + digit * 0.2 * np.sin(np.pi * across)
    source_columns = columns + (-1 if flip else 1) * digit * random.uniform(0.2, 0.5) * (1 - across) ** 3
    bent = np.stack([ndimage.map_coordinates(rgb[..., channel], [source_rows, source_columns], order=1, mode="nearest")
                     for channel in range(3)], -1)
    shade = 1 - random.uniform(0.15, 0.35) * (1 - across) ** 3
    return _snapshot(bent * shade[..., None], random)


def _paint_app(ink, digit, random):
    """A screenshot of a desktop paint program: a title bar, a menu, a toolbox of tool buttons down the
    left, a palette of colour swatches below, a grey workspace round a white canvas; the digit drawn
    with the mouse (an aliased brush, hard edges, the path a little jerky)."""
    ink = _surround(ink, digit * random.uniform(0.4, 1.2, 4))
    jerk = [ndimage.gaussian_filter(random.normal(0, 1, ink.shape), digit * 0.15) for _ in range(2)]
    rows, columns = np.indices(ink.shape, dtype=np.float32)
    ink = ndimage.map_coordinates(ink, [rows + digit * 0.03 * jerk[0] / jerk[0].std(),
                                        columns + digit * 0.03 * jerk[1] / jerk[1].std()], order=1)
    canvas = (ink > 0.5).astype(np.float32)  # no anti-aliasing
    title, menu, tools, palette, pad = 24, 20, 56, 44, int(random.integers(10, 30))
    shape = (title + menu + canvas.shape[0] + 2 * pad + palette, tools + canvas.shape[1] + 2 * pad)
    chrome = np.array([random.uniform(0.8, 0.94)] * 3)
    rgb = np.ones(shape + (3,)) * chrome
    rgb[:title] = np.array([(0.1, 0.25, 0.55), (0.2, 0.2, 0.22), (0.85, 0.85, 0.88)][random.integers(3)])
    rgb[title + menu:shape[0] - palette, tools:] = random.uniform(0.45, 0.65)  # the workspace
    top, left = title + menu + pad, tools + pad
    brush = np.array([(0, 0, 0), (0, 0, 0), (0.1, 0.1, 0.8), (0.8, 0.1, 0.1)][random.integers(4)])
    rgb[top:top + canvas.shape[0], left:left + canvas.shape[1]] = _mix(np.ones(canvas.shape + (3,)), canvas, brush)
    picture = _rgb(rgb)
    pencil = ImageDraw.Draw(picture)
    font = ImageFont.load_default(13)
    pencil.text((8, 5), str(random.choice(["untitled - Paint", "Drawing - Paint", "Sketch", "my digit - Paint"])),
                fill=(255, 255, 255) if rgb[2, 2, 0] < 0.5 else (20, 20, 20), font=font)
    for place, word in enumerate(("File", "Edit", "View", "Image", "Colors", "Help")):
        pencil.text((8 + 52 * place, title + 3), word, fill=(20, 20, 20), font=font)
    for place in range(16):  # the toolbox: two columns of buttons, each with a little glyph
        x, y = 6 + 24 * (place % 2), title + menu + 6 + 24 * (place // 2)
        if y + 22 > shape[0] - palette:
            break
        pencil.rectangle((x, y, x + 21, y + 21), fill=(235, 235, 235), outline=(120, 120, 120))
        glyph = int(random.integers(3))  # a circle, a square or a slanted line
        if glyph == 2:
            pencil.line((x + 5, y + 16, x + 16, y + 5), fill=(40, 40, 40), width=2)
        else:
            (pencil.ellipse, pencil.rectangle)[glyph]((x + 6, y + 6, x + 15, y + 15), outline=(40, 40, 40))
    swatches = random.uniform(0, 1, (28, 3))
    swatches[:2] = ((0, 0, 0), (1, 1, 1))
    for place, colour in enumerate(swatches):  # the palette: two rows
        x, y = 40 + 18 * (place % 14), shape[0] - palette + 5 + 18 * (place // 14)
        if x + 16 < shape[1]:
            pencil.rectangle((x, y, x + 15, y + 15), fill=tuple(int(255 * value) for value in colour),
                             outline=(90, 90, 90))
    pencil.rectangle((6, shape[0] - palette + 5, 31, shape[0] - palette + 30), fill=tuple(int(255 * v) for v in brush),
                     outline=(90, 90, 90))
    return picture


def _recycled(ink, digit, random):
    """Pencil on recycled paper, photographed: grey or grey-brown paper with short dark and light
    fibres every way and small coloured flecks of the print it was made from; grainy graphite."""
    page = _surround(ink, digit * random.uniform(0.5, 1.2, 4))
    shape = page.shape
    paper = np.array([(0.78, 0.77, 0.74), (0.74, 0.72, 0.66), (0.8, 0.8, 0.8)][random.integers(3)])
    cloud = ndimage.gaussian_filter(random.normal(0, 1, shape), 3)
    rgb = paper * random.uniform(0.92, 1.05) * (1 + 0.025 * cloud / cloud.std())[..., None]
    paths = []
    for _ in range(int(shape[0] * shape[1] / digit ** 2 * random.uniform(8, 20))):  # fibres 0.03-0.12 digits long
        start, angle = random.uniform(0, 1, 2) * shape, random.uniform(0, np.pi)
        reach = digit * random.uniform(0.03, 0.12)
        bend = np.linspace(-1, 1, 6)
        paths.append(start + np.stack([bend * np.sin(angle), bend * np.cos(angle)], 1) * reach / 2
                     + np.outer(bend ** 2, random.normal(0, reach * 0.15, 2)))
    fibres = 0.2 * _lines_on(shape, paths[1::2], 0.7) - 0.3 * _lines_on(shape, paths[::2], 0.7)  # light, dark
    rgb = rgb * (1 + fibres)[..., None]
    for _ in range(int(random.integers(5, 25))):  # flecks of old print
        row, column = (random.uniform(0, 1, 2) * shape).astype(int)
        size = int(random.integers(1, 3))
        rgb[row:row + size, column:column + size] = random.uniform(0.1, 0.7, 3)
    grain = ndimage.gaussian_filter(random.random(shape), 0.7)
    graphite = np.clip(page * (1.3 - 0.6 * grain), 0, 1) * random.uniform(0.75, 0.9)
    return _snapshot(_mix(rgb, graphite, np.full(3, random.uniform(0.15, 0.25))), random)


def _glass_desk(ink, digit, random):
    """A page under a glass desk top (or a framed notice), photographed through the glass: the room and
    a bright window with its bars mirrored over it, out of focus, a fainter second copy from the glass's
    back face; a few dust specks on the glass."""
    page = _surround(ink, digit * random.uniform(0.5, 1.2, 4))
    rgb, _ = _lay(_page(page, random), np.ones(page.shape), page, random.uniform(-8, 8),
                  digit * random.uniform(0.3, 0.8, 4), _desk, random)
    shape = rgb.shape[:2]
    mirror = _room(shape, random) * random.uniform(0.5, 1)
    rows, columns = np.indices(shape, dtype=np.float32)
    box = np.sort(random.uniform(-0.2, 1.2, 2)) * shape[0], np.sort(random.uniform(-0.2, 1.2, 2)) * shape[1]
    window = _rounded_box(shape, (*box[0], *box[1]), 0)
    bars = np.minimum(np.abs(rows - box[0].mean()), np.abs(columns - box[1].mean())) < digit * 0.08
    mirror = mirror + (window * ~bars * random.uniform(0.5, 0.9))[..., None]
    mirror = ndimage.gaussian_filter(mirror, (digit * 0.15, digit * 0.15, 0))
    apart = digit * random.uniform(0.05, 0.12)
    twice = mirror + 0.4 * ndimage.shift(mirror, (apart, apart * 0.5, 0), order=1, mode="nearest")
    dust = ndimage.gaussian_filter((random.random(shape) < 0.002) * random.uniform(0.6, 1.2), 0.7)
    through = rgb * random.uniform(0.8, 0.92) + random.uniform(0.15, 0.3) * twice
    return _snapshot(_mix(through, dust.astype(np.float32), np.full(3, 0.9)), random)


def _steep_angle(ink, digit, random):
    """A page on a desk photographed at a steep angle from its near side: foreshortened (the far side
    60-75% as wide as the near side, the page squashed to 55-80% of its height), the camera focused on
    the writing and the page blurring away from it (a shallow depth of field)."""
    page = _surround(ink, digit * random.uniform(0.8, 1.5, 4))
    rgb, writing = _lay(_page(page, random), np.ones(page.shape), page, random.uniform(-6, 6),
                        digit * random.uniform(0.3, 0.8, 4), _desk, random)
    height, width = rgb.shape[:2]
    side = width * random.uniform(0.08, 0.15)  # how far the far side reaches out beyond the near side
    out = (int(height * random.uniform(0.55, 0.8)), int(width - 2 * side))
    corners = np.array([[0, 0], [out[1], 0], [out[1], out[0]], [0, out[0]]], float)  # (x, y) in the photo
    seen = np.array([[0, 0], [width, 0], [width - side, height], [side, height]], float)  # the far side: all of it
    warp = transform.ProjectiveTransform.from_estimate(corners, seen)
    if not warp:
        raise RuntimeError(f"steep_angle: {warp}")
    photo = transform.warp(rgb, warp, output_shape=out, mode="edge")
    ink_seen = transform.warp(writing, warp, output_shape=out)
    focus = ndimage.center_of_mass(ink_seen)[0]
    away = np.abs(np.arange(out[0]) - focus) / out[0]  # 0 at the writing
    levels = [ndimage.gaussian_filter(photo, (sigma, sigma, 0)) for sigma in (0.01, digit * 0.04, digit * 0.1)]
    weight = np.clip(away * random.uniform(2, 4), 0, 2)[:, None, None]
    blended = np.where(weight < 1, levels[0] * (1 - weight) + levels[1] * weight,
                       levels[1] * (2 - weight) + levels[2] * (weight - 1))
    return _snapshot(blended, random)


def _smeared(ink, digit, random):
    """Gel or fountain-pen ink smeared before it dried: the writing hand dragged over part of the
    digit (mostly rightwards and down, as a left hand does), pulling a fading, streaky trail of ink
    (skin ridges) 0.1-0.3 digit heights out of the strokes; on a plain page, photographed."""
    page = _surround(ink, digit * random.uniform(0.6, 1.2, 4))
    shape = page.shape
    angle = random.uniform(-0.3, 0.6)  # radians below the rightward direction
    length = int(digit * random.uniform(0.1, 0.3))
    trail = np.zeros((2 * length + 1,) * 2, np.float32)
    for step in range(length + 1):  # a one-sided line, fading as the hand moves on
        trail[length + int(round(step * np.sin(angle))), length + int(round(step * np.cos(angle)))] += np.exp(
            -3 * step / length)
    smear = ndimage.convolve(page, trail / trail.sum(), mode="constant")  # the ink carried along the trail
    rows, columns = np.indices(shape, dtype=np.float32)
    ridges = 0.75 + 0.25 * np.sin((rows * np.cos(angle) - columns * np.sin(angle)) / random.uniform(0.8, 1.6))
    middle, reach = random.uniform(0.3, 0.7) * shape[0], shape[0] * random.uniform(0.2, 0.4)
    band = np.exp(-((rows - middle) / reach) ** 2)  # the part of the page the hand went over
    amount = np.clip(page + 1.8 * smear * ridges * band * random.uniform(0.6, 1), 0, 1)
    return _snapshot(_page(np.clip(amount, 0, 1), random), random)


def _corrected(pieces, digit, random):
    """A wrong digit struck out (a line sloping down, two level lines or a cross, a little past its edges) and the
    right one written beside it; on a plain page, photographed. The label is the right one."""
    wrong = pieces[0]
    height, width = wrong.shape
    look = int(random.integers(3))
    over = max(digit * 0.1, (digit * 0.6 - width) / 2)  # past a narrow digit (a 1) too: plainly a strike
    if look == 0:
        fall = height * random.uniform(0.15, 0.3)  # down to the right: across the strokes, never a 7's level bar
        lines = [np.array([(height * 0.5 - fall, -over), (height * 0.5 + fall, width + over)])]
    elif look == 1:
        lines = [np.array([(height * low, -over), (height * low + random.normal(0, 2), width + over)])
                 for low in (random.uniform(0.3, 0.42), random.uniform(0.58, 0.7))]
    else:
        lines = [np.array([(-over, -over), (height + over, width + over)]),
                 np.array([(height + over, -over), (-over, width + over)])]
    lines = [line + random.normal(0, digit * 0.02, line.shape) for line in lines]
    pad = int(over + digit * 0.1) + 2
    struck = np.pad(wrong, pad)
    strike = _lines_on(struck.shape, [line + pad for line in lines], digit * random.uniform(0.05, 0.08))
    struck = np.maximum(struck, strike)
    gap = digit * random.uniform(0.3, 0.6)
    lifts = [0, pad + digit * random.uniform(-0.05, 0.05)]  # the struck digit's bottom pad: one baseline
    return _plain_photo(np.max(_spaced([struck, pieces[1]], [gap], lifts), 0), digit, random)


def _bouncy(pieces, digit, random):
    """A number written carelessly: each digit 0.7-1.3 times as tall (drawn so), each sitting 10-30% of
    a digit above or below the line on its own (no drift, a bounce), 15-45% of the taller neighbour
    apart; on a plain or ruled page, photographed."""
    gaps = [max(a.shape[0], b.shape[0]) * random.uniform(0.15, 0.45) for a, b in zip(pieces, pieces[1:])]
    lifts = digit * random.uniform(0.1, 0.3, len(pieces)) * random.choice([-1, 1], len(pieces))
    writing = _surround(np.max(_spaced(pieces, gaps, lifts), 0), digit * random.uniform(0.4, 0.9, 4))
    rgb = np.ones(writing.shape + (3,)) * random.uniform(0.88, 1)
    if random.random() < 0.5:
        rules, _ = _ruled(writing.shape, random.uniform(0, digit), digit * random.uniform(1.2, 1.6), random)
        rgb = _mix(rgb, rules, np.array([0.45, 0.6, 0.9]))
    return _snapshot(_write_on(rgb, writing, random), random)


def _printed_text(digit, random):
    """No digit: part of a printed page of words only (a heading, then justified-looking lines in a
    small type, 0.2-0.3 digit heights), lying on a desk, photographed."""
    font = ImageFont.load_default(int(digit * random.uniform(0.2, 0.3)))
    bold = ImageFont.load_default(int(font.size * 1.6))
    width = int(digit * random.uniform(4, 7))
    lines, line = [], []
    while len(lines) < random.integers(5, 12):
        line.append(str(random.choice(_WORDS)))
        if font.getlength(" ".join(line)) > width:
            lines.append(" ".join(line[:-1]))
            line = line[-1:]
    lines[0] = lines[0][0].upper() + lines[0][1:]
    heading = " ".join(str(random.choice(_WORDS)) for _ in range(int(random.integers(2, 4)))).title()
    margin = int(digit * random.uniform(0.4, 0.8))
    step = font.size * random.uniform(1.3, 1.6)
    shape = (int(2 * margin + bold.size * 1.8 + step * len(lines)), width + 2 * margin)
    text = Image.new("L", shape[::-1])
    ImageDraw.Draw(text).text((margin, margin), heading, fill=255, font=bold)
    for place, words in enumerate(lines):
        ImageDraw.Draw(text).text((margin, margin + bold.size * 1.8 + step * place), words, fill=255, font=font)
    printed = np.asarray(text, np.float32) / 255 * random.uniform(0.8, 0.95)
    rgb = _mix(np.ones(shape + (3,)) * random.uniform(0.9, 1), printed, np.full(3, 0.08))
    return _on_ground(rgb, np.ones(shape), np.zeros(shape), _desk, random, turn=8, share=(0.6, 0.9))


def _ruled_sketch(digit, random):
    """No digit: a ruled page (pale blue lines, a red margin) with only a little drawing on it, 1.2-2
    digit heights tall, drawn by hand (its lines wobble): a sun with rays, a house with a roof, a door
    and a window, a tree, or a flower on its stem; photographed."""
    turns = np.linspace(0, 2 * np.pi, 80)
    circle = np.stack([np.sin(turns), np.cos(turns)], 1)
    look = int(random.integers(4))
    if look == 0:  # a sun
        rays = np.linspace(0, 2 * np.pi, int(random.integers(7, 12)), endpoint=False)
        paths = [circle * 0.5] + [np.array([(0.65 * np.sin(ray), 0.65 * np.cos(ray)), (np.sin(ray), np.cos(ray))])
                                  for ray in rays]
    elif look == 1:  # a house
        paths = [np.array([(-0.1, -0.7), (1, -0.7), (1, 0.7), (-0.1, 0.7), (-0.1, -0.7)]),
                 np.array([(-0.1, -0.85), (-1, 0), (-0.1, 0.85)]), np.array([(1, -0.15), (0.45, -0.15), (0.45, 0.2),
                                                                            (1, 0.2)]),
                 np.array([(0.1, 0.3), (0.1, 0.55), (0.35, 0.55), (0.35, 0.3), (0.1, 0.3)])]
    elif look == 2:  # a tree: a wavy crown on a trunk
        crown = circle * (0.55 + 0.08 * np.sin(7 * turns))[:, None] + (-0.35, 0)
        paths = [crown, np.array([(0.2, -0.15), (1, -0.18)]), np.array([(0.2, 0.15), (1, 0.18)])]
    else:  # a flower: a middle, petals, a stem with a leaf
        petals = [circle * 0.2 + (-0.5 + 0.32 * np.sin(turn), 0.32 * np.cos(turn))
                  for turn in np.linspace(0, 2 * np.pi, 6, endpoint=False)]
        paths = [circle * 0.12 + (-0.5, 0), *petals, np.array([(-0.1, 0), (1, 0)]),
                 np.array([(0.5, 0), (0.3, 0.3), (0.45, 0.4), (0.5, 0)])]
    size = digit * random.uniform(1.2, 2) / 2
    paths = [_turned(path + ndimage.gaussian_filter1d(random.normal(0, 0.03, path.shape), 3, axis=0),
                     random.uniform(-10, 10)) * size for path in paths]
    ink = _pen_paths(paths, digit * random.uniform(0.04, 0.07))
    gaps = digit * random.uniform(0.8, 1.8, 4)
    page = _surround(ink, gaps)
    rules, margin = _ruled(page.shape, random.uniform(0, digit), digit * random.uniform(0.5, 0.8), random,
                           margin=random.uniform(0.1, 0.6) * gaps[2])
    rgb = _mix(_mix(np.ones(page.shape + (3,)) * random.uniform(0.9, 1), rules, np.array([0.45, 0.6, 0.9])),
               margin, np.array([0.9, 0.35, 0.35]))
    return _snapshot(_write_on(rgb, page, random), random)


# The eighth family: pictures made by someone who never ran the course's preprocessing, of what the families
# above and make_user_digits.py leave out: a pencil digit written where another was rubbed out (the eraser's
# grey smudge and a faint ghost of the old digit under it); a page in dappled sunlight under a tree; an action
# camera's fisheye photo (lines bowed, dark corners, the writing off the middle); a laptop webcam's snapshot
# of a page held up to it (small, soft, over-sharpened, colour bleeding); a digit in ballpoint on the back of
# a hand; a digit a teacher circled in red; numbers with a decimal point or a comma (the label: the digits
# only); a number on a ruled card photographed turned 20-30 degrees; and, with no digit, a printed checklist
# with ticks and crosses in its boxes, or handwritten arithmetic signs only.
EIGHTH_KINDS = ("erased", "dappled", "fisheye", "webcam", "on_skin", "circled", "number_decimal", "number_tilted",
                "none_ticks", "none_symbols")
KIND_SETS["eighth"] = EIGHTH_KINDS
_EIGHTH_PENS = {"erased": (0.06, 0.09), "on_skin": (0.06, 0.1)}  # pen (a pencil, a ballpoint on skin) width / digit
# height; the others 0.05-0.09
_CHECKLIST = ("Homework done", "Pencil case", "Library book", "Lunch box", "Sports kit", "Permission slip",
              "Calculator", "Ruler", "Water bottle", "Read chapter", "Tidy desk", "Feed the cat")


def _eighth(kind, source, random):
    """One picture of an eighth-family kind: (PIL image, extension, save options, label)."""
    height = int(random.integers(56, 111))
    photo = {"quality": int(random.integers(75, 93))}
    if kind.startswith("none"):
        return {"none_ticks": _checklist, "none_symbols": _signs}[kind](height, random), "jpg", photo, "none"
    count = int(random.integers(*{"number_decimal": (2, 6), "number_tilted": (2, 6),
                                  "erased": (2, 3)}.get(kind, (1, 2))))
    pens = np.full(count, height * random.uniform(*_EIGHTH_PENS.get(kind, (0.05, 0.09))))
    pieces, label = _legible_digits(source, np.full(count, height), pens, random, first_two_differ=kind == "erased")
    if kind == "erased":  # the first digit rubbed out, the second written over it: the label
        image, label = _erased(pieces, height, random), label[1]
    elif kind == "number_decimal":
        image = _decimal(pieces, height, random)
    else:
        capture = {"dappled": _dappled, "fisheye": _fisheye, "webcam": _webcam, "on_skin": _on_skin,
                   "circled": _circled, "number_tilted": _tilted_card}[kind]
        image = capture(_line_up(pieces, random), height, random)
    if kind == "webcam":  # a webcam's own small frame, saved as its app does
        return image, "jpg", {"quality": int(random.integers(60, 80))}, label
    if max(image.size) > 1200:
        image = image.resize([round(side * 1200 / max(image.size)) for side in image.size], Image.Resampling.LANCZOS)
    return image, "jpg", photo, label


def _erased(pieces, digit, random):
    """A pencil digit written where another one (pieces[0]) was rubbed out: the old digit left as a faint
    grey ghost (12-25% as dark, spread a little by the eraser) under and up to 15% of a digit beside the
    new one, a broad grey smudge of rubbed graphite round it, a few rolled eraser crumbs; photographed."""
    old, new = pieces
    shift = (random.uniform(-0.1, 0.1, 2) * digit).astype(int)
    size = np.maximum(old.shape, new.shape) + np.abs(shift) + 2
    layers = np.zeros((2, *size), np.float32)
    for layer, piece, offset in zip(layers, (old, new), (shift // 2, -shift // 2)):  # their middles `shift` apart
        top, left = np.clip((size - piece.shape) // 2 + offset, 0, size - piece.shape)
        layer[top:top + piece.shape[0], left:left + piece.shape[1]] = piece
    gaps = (digit * random.uniform(0.6, 1.2, 4)).astype(int)
    old, new = (np.pad(layer, [(gaps[0], gaps[1]), (gaps[2], gaps[3])]) for layer in layers)
    shape = new.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    middle = np.array(ndimage.center_of_mass(old))
    reach = digit * random.uniform(0.5, 0.7) * random.uniform(0.8, 1.25, 2)
    rubbed = np.exp(-((rows - middle[0]) / reach[0]) ** 4 - ((columns - middle[1]) / reach[1]) ** 4)  # a flat patch
    streaks = ndimage.gaussian_filter(random.normal(0, 1, shape), (digit * 0.02, digit * 0.2))  # the eraser's strokes
    smudge = rubbed * random.uniform(0.06, 0.12) * np.clip(1 + 0.5 * streaks / streaks.std(), 0.3, 1.7)
    ghost = ndimage.gaussian_filter(old, digit * 0.015) * random.uniform(0.12, 0.25)
    crumbs = np.zeros(shape, np.float32)
    for _ in range(int(random.integers(2, 7))):  # rolled crumbs beside the patch: short grey curls
        row, column = middle + random.uniform(-1.6, 1.6, 2) * reach
        turn = random.uniform(0, np.pi)
        length = digit * random.uniform(0.02, 0.05)
        path = np.array([(row - np.sin(turn) * length, column - np.cos(turn) * length),
                         (row + np.sin(turn) * length, column + np.cos(turn) * length)])
        crumbs = np.maximum(crumbs, _lines_on(shape, [path], digit * random.uniform(0.025, 0.04)) * 0.35)
    grain = ndimage.gaussian_filter(random.random(shape), 0.7)
    graphite = np.clip(new * (1.3 - 0.6 * grain), 0, 1) * random.uniform(0.75, 0.9)
    amount = np.clip(smudge + ghost + crumbs + graphite, 0, 1)
    paper = np.ones(shape + (3,)) * np.array([(0.97, 0.97, 0.95), (0.97, 0.94, 0.85)][random.integers(2)])
    return _snapshot(_mix(paper * random.uniform(0.88, 1), amount, np.full(3, random.uniform(0.15, 0.25))), random)


def _dappled(ink, digit, random):
    """A page on a garden table under a tree on a sunny day: in bluish shade (35-55% as bright), with round and
    oval spots of warm sunlight through the leaves (each an image of the sun, all drawn out the same way,
    soft-edged, 0.3-1.2 digit heights across), some bright enough to burn out the paper; photographed."""
    page = _surround(ink, digit * random.uniform(0.5, 1.2, 4))
    rgb, _ = _lay(_page(page, random), np.ones(page.shape), page, random.uniform(-10, 10),
                  digit * random.uniform(0.3, 1.0, 4), _desk, random)
    shape = rgb.shape[:2]
    rows, columns = np.indices(shape, dtype=np.float32)
    angle, stretch = random.uniform(0, np.pi), random.uniform(1, 1.8)  # the low sun draws the spots out one way
    along = np.cos(angle) * rows + np.sin(angle) * columns
    across = np.cos(angle) * columns - np.sin(angle) * rows
    sun = np.zeros(shape, np.float32)
    for _ in range(int(shape[0] * shape[1] / digit ** 2 * random.uniform(0.4, 1.0)) + 2):
        row, column = random.uniform(-0.1, 1.1, 2) * shape
        radius = digit * random.uniform(0.15, 0.6)
        centre_along = np.cos(angle) * row + np.sin(angle) * column
        centre_across = np.cos(angle) * column - np.sin(angle) * row
        distance = np.hypot((along - centre_along) / stretch, across - centre_across)
        sun = np.maximum(sun, np.clip((radius - distance) / (radius * 0.3) + 0.5, 0, 1))  # soft: a penumbra
    shade = random.uniform(0.35, 0.55)
    light = shade * np.array([0.85, 0.93, 1.1]) + sun[..., None] * random.uniform(0.8, 1.2) * np.array([1, 0.95, 0.82])
    return _snapshot(rgb * light, random)


def _fisheye(ink, digit, random):
    """An action camera's (or a doorbell camera's) wide-angle photo of a ruled page on a desk: barrel distortion
    (straight lines bow out, strongest at the edges; the writing placed off the middle, where it bends too),
    the corners falling to 25-50% of the middle's light."""
    gaps = digit * random.uniform(0.5, 1.0, 4)
    page = _surround(ink, gaps)
    rules, margin = _ruled(page.shape, page.shape[0] - int(gaps[1]) + 2, digit * random.uniform(1.2, 1.6), random,
                           margin=random.uniform(0.2, 0.8) * gaps[2])
    sheet = _mix(_mix(np.ones(page.shape + (3,)) * random.uniform(0.9, 1), rules, np.array([0.45, 0.6, 0.9])),
                 margin, np.array([0.9, 0.35, 0.35]))
    margins = digit * random.uniform(0.4, 1.0, 4)
    margins[int(random.integers(2)) * 1] += digit * random.uniform(1.5, 3)  # off the middle: above or below
    margins[2 + int(random.integers(2))] += digit * random.uniform(2, 4)  # and left or right
    rgb, _ = _lay(_write_on(sheet, page, random), np.ones(page.shape), page, random.uniform(-8, 8), margins,
                  _desk, random)
    shape = np.array(rgb.shape[:2], np.float32)
    rows, columns = np.indices(rgb.shape[:2], dtype=np.float32)
    half = np.hypot(*shape) / 2
    down, right = (rows - shape[0] / 2) / half, (columns - shape[1] / 2) / half  # the corners at radius 1
    strength = random.uniform(0.4, 0.8)
    spread = (1 + strength * (down ** 2 + right ** 2)) / (1 + strength)  # the corners see the scene's corners
    bent = np.stack([ndimage.map_coordinates(rgb[..., channel], [shape[0] / 2 + down * spread * half,
                                                                 shape[1] / 2 + right * spread * half],
                                             order=1, mode="nearest") for channel in range(3)], -1)
    dark = random.uniform(0.5, 0.75) * (down ** 2 + right ** 2) ** 1.5  # cos^4-like: most of it near the corners
    return _snapshot(bent * (1 - dark)[..., None], random)


def _webcam(ink, digit, random):
    """A laptop webcam's snapshot of a page held up close to it, the room behind: a small frame (640 x 480 or
    320 x 240), soft (its fixed focus is further away), then over-sharpened by the camera (light and dark
    halos along the strokes), lit bluish by the screen, with coarse colour noise and colour bleeding."""
    page = _surround(ink, digit * random.uniform(0.4, 1.0, 4))
    wide = max(page.shape[1], page.shape[0] * 4 / 3)
    share = random.uniform(0.55, 0.85)  # of the frame's width the page takes
    spare = np.array([wide * 3 / 4 / share - page.shape[0], wide / share - page.shape[1]])
    split = random.uniform(0.2, 0.8, 2)
    margins = (spare[0] * split[0], spare[0] * (1 - split[0]), spare[1] * split[1], spare[1] * (1 - split[1]))
    rgb, _ = _lay(_page(page, random), np.ones(page.shape), page, random.uniform(-8, 8), margins, _room, random,
                  shadow=0)
    frame = (640, 480) if random.random() < 0.6 else (320, 240)
    rgb = np.asarray(_rgb(rgb).resize(frame, Image.Resampling.LANCZOS), np.float32) / 255
    soft = ndimage.gaussian_filter(rgb, (random.uniform(0.8, 1.6),) * 2 + (0,))
    sharpened = soft + random.uniform(1, 2.2) * (soft - ndimage.gaussian_filter(soft, (2, 2, 0)))  # the halos
    screen = np.array([random.uniform(0.8, 0.9), random.uniform(0.92, 1), 1.08])
    luma = sharpened.mean(-1, keepdims=True)
    chroma = ndimage.gaussian_filter(random.normal(0, 1, rgb.shape), (2, 2, 0))
    colour = (sharpened - luma) * random.uniform(0.6, 0.9) + chroma / chroma.std() * random.uniform(0.02, 0.04)
    colour = ndimage.gaussian_filter(colour, (1.5, 1.5, 0))  # the chroma at a quarter of the pixels: it bleeds
    values = (luma + colour) * screen * random.uniform(1, 1.15) + random.normal(0, 0.02, (*rgb.shape[:2], 1))
    return _rgb(values)


def _on_skin(ink, digit, random):
    """A digit written in ballpoint on the back of a hand (a reminder), photographed: skin over most of the
    picture (fair to brown), rounded by the light across it, fine criss-cross skin lines and a few soft
    creases; the ink broken where the skin lines dip, spread a little into the skin; the desk beyond the
    hand's curved edge along one side."""
    side = int(random.integers(4))  # the hand's edge along the top, left, bottom or right
    extra = int(digit * random.uniform(0.5, 1.0))
    page = np.pad(_surround(ink, digit * random.uniform(0.6, 1.2, 4)),
                  [((extra, 0), (0, 0)), ((0, 0), (extra, 0)), ((0, extra), (0, 0)), ((0, 0), (0, extra))][side])
    shape = page.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    lines = np.zeros(shape, np.float32)
    for angle in np.radians(random.uniform(-20, 20) + np.array([35, -35])):  # skin lines, two ways
        wave = ndimage.gaussian_filter(random.normal(0, 1, shape), digit * 0.1)
        across = (np.cos(angle) * rows - np.sin(angle) * columns) / (digit * random.uniform(0.05, 0.09))
        lines = np.maximum(lines, np.clip(np.cos(2 * np.pi * (across + 0.8 * wave / wave.std())) * 3 - 2, 0, 1))
    creases = np.zeros(shape, np.float32)
    for _ in range(int(random.integers(1, 4))):  # knuckle-like creases, long and soft
        centre, angle = random.uniform(0, 1, 2) * shape, random.uniform(-0.4, 0.4)
        across = np.cos(angle) * (rows - centre[0]) - np.sin(angle) * (columns - centre[1])
        across = across - random.uniform(-0.3, 0.3) * (columns - centre[1]) ** 2 / max(shape)
        creases = np.maximum(creases, np.exp(-(across / (digit * random.uniform(0.02, 0.05))) ** 2))
    pores = ndimage.gaussian_filter(random.normal(0, 1, shape), 0.8)
    turn = random.uniform(0, np.pi)
    across = (np.cos(turn) * columns + np.sin(turn) * rows) / max(shape) * 2.2
    round_off = np.cos(np.clip(across - across.mean(), -1.3, 1.3))  # the back of the hand is rounded
    tone = (0.55 + 0.45 * round_off) * (1 - 0.12 * lines - 0.12 * creases + 0.03 * pores / pores.std())
    skin = np.array(_SKINS[random.integers(4)]) * random.uniform(1.0, 1.15)  # not the darkest: the ink must show
    rgb = np.clip(skin * tone[..., None], 0, 1)
    spread = ndimage.gaussian_filter(page, digit * random.uniform(0.01, 0.02))
    amount = np.clip(spread * 1.2, 0, 1) * (1 - random.uniform(0.3, 0.6) * lines) * random.uniform(0.8, 0.95)
    rgb = _mix(rgb, amount, np.array([(0.06, 0.06, 0.08), (0.08, 0.12, 0.5)][random.integers(2)]))
    upright = shape if side % 2 == 0 else shape[::-1]  # the hand's edge drawn along the top, then turned
    up_rows, up_columns = np.indices(upright, dtype=np.float32)
    middle = up_columns - upright[1] / 2
    edge = (extra * random.uniform(0.4, 0.7) + middle * random.uniform(-0.15, 0.15)
            + random.uniform(-0.3, 0.3) * middle ** 2 / upright[1])
    hand = np.rot90(np.clip(up_rows - edge + 0.5, 0, 1), side)
    shadow = ndimage.gaussian_filter(hand, digit * 0.08)
    desk = _desk(shape, random) * (1 - 0.4 * shadow)[..., None]
    return _snapshot(_mix(desk, hand, np.zeros(3)) + rgb * hand[..., None], random)


def _circled(ink, digit, random):
    """A digit circled by hand (a teacher marking it, or the writer showing which is the answer): in red pen or
    the writing's own, a loose oval 0.1-0.3 digit heights clear of the digit, its ends overshooting each
    other where it closes, drawn a little bigger at the end than the start; on a plain page, photographed."""
    ink = _surround(ink, np.zeros(4))
    height, width = ink.shape
    clear = digit * random.uniform(0.1, 0.3)
    radii = np.array([height, width]) / 2 * np.sqrt(2) + clear  # the box's corners inside
    radii = np.maximum(radii, 0.6 * radii.max())  # round a narrow 1 with an oval, not a slit
    start = random.uniform(0, 2 * np.pi)
    turns = start + np.linspace(0, 2 * np.pi + random.uniform(0.3, 0.9), 90)
    grow = np.linspace(1, random.uniform(1.03, 1.12), len(turns))[:, None]  # a spiral, not a closed ring
    wobble = 1 + ndimage.gaussian_filter1d(random.normal(0, 0.04, len(turns)), 4)[:, None]
    loop = np.stack([np.sin(turns), np.cos(turns)], 1) * radii * grow * wobble
    pad = int(radii.max() * 1.15 - min(height, width) / 2 + digit * 0.1) + 2
    writing = np.pad(ink, pad)
    loop = _turned(loop, random.uniform(-15, 15)) + np.array(writing.shape) / 2
    circle = _lines_on(writing.shape, [loop], digit * random.uniform(0.04, 0.07))
    rows, columns = np.nonzero(np.maximum(writing, circle) > 0.05)
    box = (slice(rows.min(), rows.max() + 1), slice(columns.min(), columns.max() + 1))
    gaps = (digit * random.uniform(0.3, 0.8, 4)).astype(int)
    writing, circle = (np.pad(layer[box], [(gaps[0], gaps[1]), (gaps[2], gaps[3])]) for layer in (writing, circle))
    rgb = _page(writing, random)
    red = np.array([(0.8, 0.12, 0.12), (0.1, 0.5, 0.2)][int(random.random() < 0.25)])  # a teacher's red or green
    return _snapshot(_mix(rgb, circle * random.uniform(0.85, 1), red), random)


def _decimal(pieces, digit, random):
    """A number with a decimal point or a comma (a decimal comma, or a thousands comma with three digits after
    it) between two of its digits, handwritten: the point a dot on the baseline, the comma a dot with a tail
    hanging 10-25% of a digit below it; 8-20% of a digit either side of it, the digits 15-40% apart; on a
    plain or ruled page, photographed. The label is the digits only."""
    count = len(pieces)
    after = int(random.integers(1, count))  # the mark after this many digits
    comma = random.random() < 0.5
    if comma and count >= 4 and random.random() < 0.5:
        after = count - 3  # 1,250
    dot = digit * random.uniform(0.07, 0.11)
    paths = [np.array([(0, -0.25), (0.1, 0.25)]) * dot]  # a dot: a dab (a line of no length draws nothing)
    if comma:
        tail = digit * random.uniform(0.1, 0.25)
        paths.append(np.array([(0, 0), (tail * 0.5, -tail * 0.1), (tail, -tail * 0.4)]))
    mark = _surround(_pen_paths(paths, dot), np.zeros(4))
    gaps = [max(a.shape[0], b.shape[0]) * random.uniform(0.15, 0.4) for a, b in zip(pieces, pieces[1:])]
    gaps[after - 1:after] = [digit * random.uniform(0.08, 0.2)] * 2
    lifts = [0.0] * count
    lifts[after:after] = [-tail if comma else -dot * 0.2]  # the dot on the line, the comma's tail below it
    ink = np.max(_spaced(pieces[:after] + [mark] + pieces[after:], gaps, lifts), 0)
    writing = _surround(ink, digit * random.uniform(0.4, 0.9, 4))
    rgb = np.ones(writing.shape + (3,)) * random.uniform(0.88, 1)
    if random.random() < 0.5:  # a rule just under the digits
        rows, _ = np.nonzero(writing > 0.5)
        bottom = np.percentile(rows, 97) + digit * 0.05
        rules, _ = _ruled(writing.shape, bottom, digit * random.uniform(1.3, 1.7), random)
        rgb = _mix(rgb, rules, np.array([0.45, 0.6, 0.9]))
    return _snapshot(_write_on(rgb, writing, random), random)


def _tilted_card(ink, digit, random):
    """A number on a ruled index card lying on a desk, photographed with the phone (or the card) turned 20-30
    degrees either way: the whole card, its rules and the writing at that slant, all four card edges in
    the picture."""
    gaps = digit * random.uniform(0.4, 0.9, 4)
    card = _surround(ink, gaps)
    rules, _ = _ruled(card.shape, card.shape[0] - int(gaps[1]) + 2, digit * random.uniform(1.3, 1.7), random)
    colour = np.array([(0.97, 0.97, 0.95), (0.98, 0.95, 0.85), (0.85, 0.92, 1)][random.integers(3)])
    rgb = _write_on(_mix(np.ones(card.shape + (3,)) * colour * random.uniform(0.9, 1), rules,
                         np.array([0.45, 0.6, 0.9])), card, random)
    angle = random.choice([-1, 1]) * random.uniform(20, 30)
    photo, _ = _lay(rgb, np.ones(card.shape), card, angle, digit * random.uniform(0.2, 0.7, 4), _desk, random)
    return _snapshot(photo, random)


def _checklist(digit, random):
    """No digit: a printed checklist (3-6 lines, each a square box and a few words), the boxes ticked, crossed
    or left empty by hand (a tick's long stroke running past the box); photographed."""
    font = ImageFont.load_default(int(digit * random.uniform(0.22, 0.32)))
    count = int(random.integers(3, 7))
    side, step = font.size * 1.2, font.size * random.uniform(2, 2.6)
    margin = digit * random.uniform(0.4, 0.8)
    width = int(2 * margin + side * 1.8 + max(font.getlength(words) for words in _CHECKLIST))
    shape = (int(2 * margin + step * count), width)
    printed = Image.new("L", shape[::-1])
    pencil = ImageDraw.Draw(printed)
    paths = []
    for place, words in enumerate(random.choice(_CHECKLIST, count, replace=False)):
        top = margin + step * place
        pencil.rectangle((margin, top, margin + side, top + side), outline=255, width=max(1, int(side * 0.08)))
        pencil.text((margin + side * 1.6, top + side * 0.05), str(words), fill=255, font=font)
        mark = int(random.integers(3))  # ticked, crossed or empty
        middle = np.array([top + side / 2, margin + side / 2])
        if mark == 0:
            paths.append(middle + np.array([(0, -0.45), (0.45, -0.05), (-0.9, 0.7)]) * side
                         * random.uniform(0.9, 1.3))
        elif mark == 1:
            paths += [middle + np.array([(-0.4, -0.4), (0.4, 0.4)]) * side,
                      middle + np.array([(-0.4, 0.4), (0.4, -0.4)]) * side]
    paths = [path + random.normal(0, side * 0.04, path.shape) for path in paths]
    ticks = _lines_on(shape, paths, side * random.uniform(0.1, 0.15)) if paths else np.zeros(shape)
    rgb = _mix(np.ones(shape + (3,)) * random.uniform(0.9, 1), np.asarray(printed, np.float32) / 255 * 0.9,
               np.full(3, 0.08))
    rgb = _mix(rgb, ticks * random.uniform(0.85, 1), np.array(_INKS[random.integers(3)]))
    return _on_ground(rgb, np.ones(shape), np.zeros(shape), _desk, random, turn=8, share=(0.6, 0.9))


def _signs(digit, random):
    """No digit: handwritten arithmetic signs only (1-4 of +, -, x, the division sign, =, ?, < and >, a digit
    height or less each, 0.3-0.8 digit heights apart), as on a worksheet with the numbers still to fill in;
    on a plain or ruled page, photographed."""
    signs = {"+": [[(0, -0.4), (0, 0.4)], [(-0.4, 0), (0.4, 0)]], "-": [[(0, -0.4), (0, 0.4)]],
             "x": [[(-0.3, -0.3), (0.3, 0.3)], [(-0.3, 0.3), (0.3, -0.3)]],
             "divide": [[(0, -0.4), (0, 0.4)], [(-0.3, -0.04), (-0.29, 0.04)], [(0.3, -0.04), (0.31, 0.04)]],
             "=": [[(-0.15, -0.4), (-0.15, 0.4)], [(0.15, -0.4), (0.15, 0.4)]],
             "?": [[(-0.3, -0.3), (-0.48, -0.1), (-0.5, 0.1), (-0.4, 0.28), (-0.2, 0.3), (-0.02, 0.1), (0.2, 0)],
                   [(0.45, -0.04), (0.46, 0.04)]],
             "<": [[(-0.35, 0.3), (0, -0.3), (0.35, 0.3)]], ">": [[(-0.35, -0.3), (0, 0.3), (0.35, -0.3)]]}
    names = random.choice(list(signs), int(random.integers(1, 5)))
    width = digit * random.uniform(0.06, 0.09)
    left, paths = 0.0, []
    for name in names:
        size = digit * random.uniform(0.7, 1.0) * (1.1 if name == "?" else 1)
        for path in signs[str(name)]:
            path = np.array(path) * size + random.normal(0, size * 0.02, (len(path), 2))
            paths.append(_turned(path, random.uniform(-8, 8)) + (digit / 2, left + size / 2))
        left += size + digit * random.uniform(0.3, 0.8)
    ink = _pen_paths(paths, width)
    writing = _surround(ink, digit * random.uniform(0.5, 1.0, 4))
    rgb = np.ones(writing.shape + (3,)) * random.uniform(0.88, 1)
    if random.random() < 0.5:
        rules, _ = _ruled(writing.shape, random.uniform(0, digit), digit * random.uniform(1.2, 1.6), random)
        rgb = _mix(rgb, rules, np.array([0.45, 0.6, 0.9]))
    return _snapshot(_write_on(rgb, writing, random), random)


# The ninth family: pictures made, like the eighth, by someone who never ran the course's preprocessing, of what
# the families above and make_user_digits.py leave out: a photo through a lens a greasy fingertip touched, under a
# scratched screen protector (a hazy, low-contrast, smeared patch); a yellow legal pad with its red double margin
# under a cool LED's strong blue-green cast; a purple spirit-duplicator (ditto) copy, its ink bled and uneven;
# pencil on tracing paper over a patterned cloth that shows through; a skipping gel pen whose ink a drop of water
# spread; a rolling shutter's skew and wobble as the phone swung; numbers written fast (narrow, slanted, each digit
# overlapping the last by a stroke's width); a number in marker on masking tape on a cardboard box, photographed
# at an angle; and, with no digit, a signature on a printed line or an empty hand-drawn table.
NINTH_KINDS = ("smudged_lens", "legal_pad", "ditto", "tracing_paper", "water_drop", "jello", "number_rushed",
               "number_tape", "none_signature", "none_table")
KIND_SETS["ninth"] = NINTH_KINDS
_NINTH_PENS = {"ditto": (0.06, 0.1), "tracing_paper": (0.04, 0.07), "water_drop": (0.06, 0.09),
               "number_tape": (0.09, 0.13)}  # pen (a master's stylus, a pencil, a gel pen, a marker) width / digit
# height; the others 0.05-0.09
_SIGNATURE_LINES = ("Signature", "Signed", "Parent's signature", "Teacher", "Received by", "Checked by")
_TABLE_HEADS = ("Name", "Day", "Team", "Colour", "Animal", "Fruit", "Score", "Notes", "Week", "Total", "Place")


def _ninth(kind, source, random):
    """One picture of a ninth-family kind: (PIL image, extension, save options, label)."""
    height = int(random.integers(56, 111))
    photo = {"quality": int(random.integers(75, 93))}
    if kind.startswith("none"):
        return {"none_signature": _signature, "none_table": _hand_table}[kind](height, random), "jpg", photo, "none"
    count = int(random.integers(2, 6)) if kind.startswith("number") else 1
    pens = np.full(count, height * random.uniform(*_NINTH_PENS.get(kind, (0.05, 0.09))))
    pieces, label = _legible_digits(source, np.full(count, height), pens, random)
    if kind == "number_rushed":
        image = _rushed(pieces, label, pens[0], height, random)
    else:
        capture = {"smudged_lens": _smudged_lens, "legal_pad": _legal_pad, "ditto": _ditto,
                   "tracing_paper": _tracing_paper, "water_drop": _water_drop, "jello": _jello,
                   "number_tape": _tape}[kind]
        image = capture(_line_up(pieces, random), height, random)
    if max(image.size) > 1200:
        image = image.resize([round(side * 1200 / max(image.size)) for side in image.size], Image.Resampling.LANCZOS)
    return image, "jpg", photo, label


def _smudged_lens(ink, digit, random):
    """A page on a desk photographed by a phone whose lens a greasy fingertip touched, under a scratched screen
    protector: over a soft oval patch half to all of the picture's height across, on the writing or beside it,
    the detail is smeared the way the finger wiped and a milky veil of scattered light lifts the darks (up to
    about half the contrast lost); 2-5 long scratches show as soft pale streaks."""
    page = _surround(ink, digit * random.uniform(0.5, 1.1, 4))
    rgb, writing = _lay(_page(page, random), np.ones(page.shape), page, random.uniform(-8, 8),
                        digit * random.uniform(0.3, 0.9, 4), _desk, random)
    shape = rgb.shape[:2]
    rows, columns = np.indices(shape, dtype=np.float32)
    middle = np.array(ndimage.center_of_mass(writing)) + random.normal(0, 0.2, 2) * shape
    reach = min(shape) * random.uniform(0.25, 0.5) * random.uniform(0.8, 1.25, 2)
    patch = np.exp(-(((rows - middle[0]) / reach[0]) ** 2 + ((columns - middle[1]) / reach[1]) ** 2) ** 1.5)
    wipe = np.array([digit * random.uniform(0.025, 0.045), digit * 0.01])  # along the wipe, across it
    smeared = ndimage.gaussian_filter(rgb, (*(wipe if random.random() < 0.5 else wipe[::-1]), 0))
    glow = ndimage.gaussian_filter(rgb, (max(shape) * 0.05,) * 2 + (0,))  # the light the grease scatters
    veil = random.uniform(0.3, 0.5)
    hazy = smeared * (1 - veil) + glow * veil * random.uniform(1.05, 1.2)
    rgb = rgb + (hazy - rgb) * (patch * random.uniform(0.75, 1))[..., None]
    paths = []
    for _ in range(int(random.integers(2, 6))):  # long, nearly straight, a little bowed
        start, angle = random.uniform(0, 1, 2) * shape, random.uniform(0, np.pi)
        along = np.linspace(-1, 1, 8)[:, None] * max(shape) * random.uniform(0.3, 0.8)
        bow = (1 - np.linspace(-1, 1, 8) ** 2)[:, None] * random.normal(0, digit * 0.2)
        paths.append(start + along * (np.sin(angle), np.cos(angle)) + bow * (np.cos(angle), -np.sin(angle)))
    scratches = ndimage.gaussian_filter(_lines_on(shape, paths, 0.8), 1.2) * random.uniform(0.5, 0.9)
    return _snapshot(_mix(rgb, np.clip(scratches, 0, 1), np.ones(3)), random)


def _legal_pad(ink, digit, random):
    """A sheet of a yellow legal pad (faint blue-green rules 1.15-1.4 digit heights apart, the writing's bottom on
    one, a red double margin line left of it) on a desk under a cool white LED panel: the whole photo cast
    strongly blue-green, the yellow paper turned a greenish grey."""
    gaps = digit * random.uniform(0.4, 1.0, 4)
    gaps[2] += digit * random.uniform(0.5, 1.0)  # room for the margin, left of the writing
    page = _surround(ink, gaps)
    rules, _ = _ruled(page.shape, page.shape[0] - int(gaps[1]) + 2, digit * random.uniform(1.15, 1.4), random)
    margin, apart = gaps[2] * random.uniform(0.3, 0.55), digit * random.uniform(0.04, 0.07)
    columns = np.arange(page.shape[1])
    double = np.clip(1.5 - np.minimum(np.abs(columns - margin), np.abs(columns - margin - apart)), 0, 1)
    yellow = np.array([0.99, random.uniform(0.9, 0.95), random.uniform(0.45, 0.6)])
    sheet = _mix(np.ones(page.shape + (3,)) * yellow, rules, np.array([0.35, 0.6, 0.65]))
    sheet = _mix(sheet, np.broadcast_to(double * 0.75, page.shape), np.array([0.85, 0.2, 0.2]))
    rgb, _ = _lay(_write_on(sheet, page, random), np.ones(page.shape), page, random.uniform(-10, 10),
                  digit * random.uniform(0.3, 0.9, 4), _desk, random)
    led = np.array([random.uniform(0.68, 0.8), random.uniform(0.92, 1.0), random.uniform(1.15, 1.3)])
    return _snapshot(rgb * led * random.uniform(0.95, 1.1), random)


def _ditto(ink, digit, random):
    """A spirit-duplicator (ditto) copy, as schools once ran off worksheets: the writing in the process's violet,
    bled into the paper (a soft halo round every stroke), printed unevenly (fading 15-35% across the sheet, in
    streaks down it where the drum turned), a faint violet haze over the paper; on a desk, photographed."""
    page = _surround(ink, digit * random.uniform(0.5, 1.1, 4))
    shape = page.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    bled = np.clip(page + 0.6 * ndimage.gaussian_filter(page, digit * random.uniform(0.02, 0.04)), 0, 1)
    bled = ndimage.gaussian_filter(bled, digit * 0.008)
    angle = random.uniform(0, 2 * np.pi)
    slope = np.cos(angle) * rows + np.sin(angle) * columns
    fade = 1 - random.uniform(0.15, 0.35) * (slope - slope.min()) / np.ptp(slope)
    streaks = ndimage.gaussian_filter1d(random.normal(0, 1, shape[1]), digit * 0.1)
    density = fade * (1 + 0.12 * streaks / streaks.std())
    violet = np.array([random.uniform(0.38, 0.5), random.uniform(0.12, 0.22), random.uniform(0.6, 0.72)])
    paper = np.ones(shape + (3,)) * np.array([(0.96, 0.96, 0.94), (0.95, 0.93, 0.88)][random.integers(2)])
    rgb = _mix(paper, density * random.uniform(0.03, 0.08), violet)
    rgb = _mix(rgb, np.clip(bled * density * random.uniform(0.75, 0.95), 0, 1), violet)
    return _on_ground(rgb, np.ones(shape), page, _desk, random, turn=6, share=(0.7, 0.95))


def _tracing_paper(ink, digit, random):
    """Pencil on tracing paper lying on a patterned cloth or wrapping paper (dots, stripes or checks in strong
    colours): through the sheet the pattern shows blurred and washed out (30-55% of it), beyond the sheet's
    edge on one or two sides sharp; grainy graphite on the sheet; photographed."""
    page = _surround(ink, digit * random.uniform(0.5, 1.1, 4))
    beyond = np.zeros(4, int)
    beyond[random.permutation(4)[:int(random.integers(1, 3))]] = digit * random.uniform(0.3, 0.8)
    writing = np.pad(page, [(beyond[0], beyond[1]), (beyond[2], beyond[3])])
    shape = writing.shape
    sheet = np.zeros(shape, np.float32)
    sheet[beyond[0]:shape[0] - beyond[1], beyond[2]:shape[1] - beyond[3]] = 1
    sheet = ndimage.gaussian_filter(sheet, 0.7)
    pattern = _pattern(shape, digit, random)
    show = random.uniform(0.3, 0.55)
    through = ndimage.gaussian_filter(pattern, (digit * random.uniform(0.03, 0.06),) * 2 + (0,))
    seen = through * show + random.uniform(0.9, 0.97) * (1 - show)
    rgb = pattern + (seen - pattern) * sheet[..., None]
    grain = ndimage.gaussian_filter(random.random(shape), 0.7)
    graphite = np.clip(writing * (1.25 - 0.6 * grain), 0, 1) * random.uniform(0.7, 0.85)
    return _snapshot(_mix(rgb, graphite, np.array([0.22, 0.22, 0.25])), random)


def _pattern(shape, digit, random):
    """A cloth's or a wrapping paper's print in two strong colours: polka dots, stripes or checks, 0.3-0.8 digit
    heights a repeat: rgb."""
    rows, columns = np.indices(shape, dtype=np.float32)
    repeat = digit * random.uniform(0.3, 0.8)
    look = int(random.integers(3))
    if look == 0:
        near = np.hypot((rows + repeat / 2) % repeat - repeat / 2, (columns + repeat / 2) % repeat - repeat / 2)
        motif = np.clip(repeat * random.uniform(0.2, 0.35) - near + 0.5, 0, 1)
    elif look == 1:
        angle = random.choice([0, np.pi / 4, np.pi / 2, 3 * np.pi / 4])
        across = (np.cos(angle) * rows + np.sin(angle) * columns) % repeat
        motif = np.clip(np.minimum(across, repeat - across) - repeat / 4 + 0.5, 0, 1)
    else:
        motif = (np.floor(rows / repeat) + np.floor(columns / repeat)) % 2
        motif = ndimage.gaussian_filter(motif, 0.6)
    ground, print_colour = random.uniform(0, 1, (2, 3)) * np.array([[0.5], [0.9]]) + np.array([[0.45], [0.05]])
    return _mix(np.ones(shape + (3,)) * ground, motif, print_colour)


def _water_drop(ink, digit, random):
    """A gel pen that skipped (short gaps in 8-15% of the stroke, where the ball ran dry) and a drop of water that
    fell on part of the digit before the ink set: inside the drop (0.2-0.35 digit heights from its middle, on a
    stroke) the strokes went a little lighter and ran into a pale cloud of their colour round them (the strokes
    still plain in it); a darker tide line of ink where the drop's edge dried; the wet paper a little grey;
    photographed."""
    page = _surround(ink, digit * random.uniform(0.6, 1.1, 4))
    shape = page.shape
    noise = ndimage.gaussian_filter(random.normal(0, 1, shape), digit * 0.025)
    skips = (noise < np.quantile(noise[page > 0.3], random.uniform(0.08, 0.15))).astype(np.float32)
    strokes = page * (1 - 0.85 * ndimage.gaussian_filter(skips, 0.7))
    rows, columns = np.indices(shape, dtype=np.float32)
    inked = np.argwhere(page > 0.5)
    centre = inked[random.integers(len(inked))]
    angle = np.arctan2(rows - centre[0], columns - centre[1])
    wobble = 1 + 0.06 * np.sin(3 * angle + random.uniform(0, 6)) + 0.04 * np.sin(5 * angle + random.uniform(0, 6))
    distance = np.hypot(rows - centre[0], columns - centre[1]) / (digit * random.uniform(0.2, 0.35) * wobble)
    wet = np.clip((1 - distance) * 20 + 0.5, 0, 1)
    cloud = np.clip(ndimage.gaussian_filter(strokes, digit * random.uniform(0.025, 0.04)) * 1.5, 0, 0.25)
    ran = np.maximum(strokes * random.uniform(0.7, 0.85), cloud)
    tide = np.exp(-((distance - 1) / 0.04) ** 2) * np.clip(cloud * 4, 0, 1) * random.uniform(0.25, 0.4)
    amount = strokes * (1 - wet) + ran * wet + tide
    gel = np.array([(0.1, 0.18, 0.7), (0.08, 0.08, 0.1), (0.4, 0.12, 0.6), (0.05, 0.45, 0.3)][random.integers(4)])
    rgb = _page(np.zeros(shape), random) * (1 - 0.04 * wet)[..., None]
    return _snapshot(_mix(rgb, np.clip(amount, 0, 1), gel), random)


def _jello(ink, digit, random):
    """A page on a desk photographed as the phone swung sideways and shook, its rolling shutter reading the rows
    out one after another: each row shifted a little further than the one above (the picture skewed 6-15
    degrees), the shake bending that shift back and forth (1-3 waves of 0.03-0.08 digit heights), the rows
    squeezed or stretched up to 8% (the swing's up or down part) and a little smeared along themselves."""
    page = _surround(ink, digit * random.uniform(0.5, 1.1, 4))
    margins = digit * random.uniform(0.4, 1.0, 4)
    margins[2:] += 0.16 * (page.shape[0] + margins[:2].sum()) + digit * 0.1  # the columns the skew will cut off
    rgb, _ = _lay(_page(page, random), np.ones(page.shape), page, random.uniform(-6, 6), margins, _desk, random)
    shape = rgb.shape[:2]
    rows, columns = np.indices(shape, dtype=np.float32)
    skew = np.tan(np.radians(random.uniform(6, 15))) * random.choice([-1, 1])
    shake = digit * random.uniform(0.03, 0.08) * np.sin(
        2 * np.pi * random.uniform(1, 3) * rows[:, 0] / shape[0] + random.uniform(0, 2 * np.pi))
    shift = skew * (rows[:, 0] - shape[0] / 2) + shake
    source_rows = shape[0] / 2 + (rows - shape[0] / 2) * random.uniform(0.92, 1.08)
    warped = np.stack([ndimage.map_coordinates(rgb[..., channel], [source_rows, columns + shift[:, None]], order=1,
                                               mode="nearest") for channel in range(3)], -1)
    warped = ndimage.uniform_filter1d(warped, int(random.integers(1, 4)), axis=1)
    return _snapshot(warped[:, int(np.ceil(max(0, -shift.min()))):shape[1] - int(np.ceil(max(0, shift.max())))],
                     random)


def _rushed(pieces, label, pen, digit, random):
    """A number written fast: the digits narrowed to 80-95% of their width, each slid left until its strokes meet
    the last one's and then up to half a pen's width further (the strokes touching or running into each other;
    the slide stops at 10% of the height, as deeper one digit would tuck under the other; a 1 keeps 10-25% of
    the height from its neighbours, as pushed against one it reads as a stroke of it: a 2's bar a Z, two 1s a
    V), the baseline creeping up or down up to 4% a digit, the whole slanted forward 5-12 degrees; on a plain
    page, photographed."""
    squeeze = random.uniform(0.8, 0.95)
    pieces = [np.clip(ndimage.zoom(piece, (1, squeeze), order=1), 0, 1) for piece in pieces]
    height = max(piece.shape[0] for piece in pieces)
    drops = np.round(np.arange(len(pieces)) * random.uniform(-0.04, 0.04) * height).astype(int)
    drops -= drops.min()
    margin = height // 2
    room = sum(piece.shape[1] for piece in pieces) + len(pieces) * height // 4  # a 1's gaps too
    canvas = np.zeros((height + drops.max() + 2 * margin, room + 2 * margin), np.float32)
    left = margin
    for place, (piece, drop) in enumerate(zip(pieces, drops)):
        bottom = margin + height + drop
        rows, wide = slice(bottom - piece.shape[0], bottom), piece.shape[1]
        if place and "1" in label[place - 1:place + 1]:
            left += int(height * random.uniform(0.1, 0.25))
        elif place:
            deepest = int(0.1 * height)
            slide = next((slide for slide in range(deepest)
                          if np.any(canvas[rows, left - slide:left - slide + wide][piece > 0.3] > 0.3)), deepest)
            left -= min(deepest, slide + int(round(pen * random.uniform(0, 0.5))))
        canvas[rows, left:left + wide] = np.maximum(canvas[rows, left:left + wide], piece)
        left += wide
    canvas = canvas[:, :left + margin]
    lean = np.tan(np.radians(random.uniform(5, 12)))
    # output (row, column) reads input (row, column - lean * (height - row)): the tops lean right
    tall, width = canvas.shape
    slanted = ndimage.affine_transform(canvas, [[1, 0], [lean, 1]], offset=(0, -lean * tall),
                                       output_shape=(tall, width + int(lean * tall) + 2), order=1)
    return _plain_photo(np.clip(slanted, 0, 1), digit, random)


def _tape(ink, digit, random):
    """A number in black marker on a strip of masking tape stuck on a cardboard box (a moving box's label): the
    tape cream to buff, 1.5-1.9 digit heights wide, fine crepe wrinkles across it, its ends torn ragged; the
    marker soaked in a little; the cardboard brown with faint flutes; photographed at an angle (one side of the
    picture 15-25% nearer, so larger)."""
    ink = _surround(ink, np.zeros(4))
    spare = digit * random.uniform(1.5, 1.9) - ink.shape[0]
    above = spare * random.uniform(0.35, 0.65)
    writing = _surround(ink, (above, spare - above, *(digit * random.uniform(0.3, 0.6, 2))))
    writing = np.clip(ndimage.gaussian_filter(writing, digit * 0.008) * 1.3, 0, 1)
    shape = writing.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    crepe = ndimage.gaussian_filter(random.normal(0, 1, shape), (digit * 0.15, 0.8))
    buff = np.array([0.92, random.uniform(0.82, 0.88), random.uniform(0.58, 0.7)])
    tape = buff * (1 + 0.04 * crepe / crepe.std())[..., None] * random.uniform(0.92, 1.02)
    torn = [ndimage.gaussian_filter1d(random.uniform(0, 1, shape[0]), 1) * digit * 0.12 for _ in range(2)]
    cover = np.clip(np.minimum(columns - torn[0][:, None], shape[1] - 1 - torn[1][:, None] - columns) + 0.5, 0, 1)
    photo, _ = _lay(_mix(tape, writing * random.uniform(0.85, 0.95), np.full(3, 0.07)) * cover[..., None], cover,
                    writing, random.uniform(-8, 8), digit * random.uniform(0.7, 1.3, 4), _cardboard, random,
                    shadow=0.1)
    near = random.uniform(0.075, 0.125)
    return _snapshot(_at_angle(photo, near, (2, 3, 0, 1)[random.integers(4)]), random)  # near: left, right, top, bottom


def _cardboard(shape, random):
    """A cardboard box's side: brown, its flutes showing as faint stripes 6-10 px apart, fibres speckled: rgb."""
    rows, columns = np.indices(shape, dtype=np.float32)
    flutes = np.sin(2 * np.pi * (rows if random.random() < 0.5 else columns) / random.uniform(6, 10))
    specks = ndimage.gaussian_filter(random.normal(0, 1, shape), 1)
    tone = 1 + 0.03 * flutes + 0.04 * specks / specks.std()
    brown = np.array([random.uniform(0.62, 0.72), random.uniform(0.47, 0.54), random.uniform(0.3, 0.36)])
    return brown * tone[..., None]


def _signature(digit, random):
    """No digit: a signature on a printed line ("Signature", "Signed", "Checked by" ...): a fast cursive scrawl in
    ballpoint, one or two names, each a tall looped capital then 3-7 small loops and humps joined, a tall loop or
    two among them, slanted forward 10-30 degrees, often underlined with a flourish; photographed."""
    width = digit * random.uniform(0.05, 0.08)
    paths, left = [], 0.0
    for _ in range(int(random.integers(1, 3))):
        count = int(random.integers(4, 9))  # strokes: the capital, then small letters
        heights = digit * random.uniform(0.3, 0.45, count)
        heights[0] = digit * random.uniform(1.2, 1.6)
        heights[1 + random.permutation(count - 1)[:int(random.integers(0, 3))]] = digit * random.uniform(0.8, 1.1)
        loops = np.where(random.random(count) < 0.6, random.uniform(1.3, 2.5, count), random.uniform(0.2, 0.6, count))
        loops[0] = random.uniform(1.8, 3)
        advance = digit * random.uniform(0.25, 0.4)
        turns = np.linspace(0, 2 * np.pi * count, 40 * count)
        cycle = turns / (2 * np.pi)
        up = np.interp(cycle, np.arange(count) + 0.5, heights) * (1 - np.cos(turns)) / 2
        back = advance / (2 * np.pi) * np.interp(cycle, np.arange(count) + 0.5, loops)  # over advance / 2 pi: a loop
        across = advance * cycle + back * np.sin(turns)
        paths.append(np.stack([-up, left + across], 1))
        left += advance * count + digit * random.uniform(0.4, 0.8)
    lean = np.tan(np.radians(random.uniform(10, 30)))
    wander = [ndimage.gaussian_filter1d(random.normal(0, digit * 0.03, len(path)), 8) for path in paths]
    paths = [path + np.stack([drift, -path[:, 0] * lean + drift], 1) for path, drift in zip(paths, wander)]
    if random.random() < 0.6:  # the flourish: back under the name, dipping
        end = paths[-1][-1]
        reach = np.linspace(0, 1, 30)
        paths.append(np.stack([end[0] + digit * (0.15 + 0.15 * np.sin(np.pi * reach)),
                               end[1] - reach * (end[1] + digit * random.uniform(-0.2, 0.3))], 1))
    font = ImageFont.load_default(int(digit * random.uniform(0.2, 0.28)))
    words = str(random.choice(_SIGNATURE_LINES))
    points = np.concatenate(paths)
    margin = digit * random.uniform(0.4, 0.8)
    start = margin + font.getlength(words) + digit * 0.3  # where the name begins, right of the words
    line = margin + digit * 1.75  # the printed line; the names' baseline on it
    shift = np.array([line, start - points[:, 1].min()])
    shape = (int(margin * 2 + digit * 2.2),
             int(start + np.ptp(points[:, 1]) + digit * random.uniform(0.5, 1.2) + margin))
    printed = Image.new("L", shape[::-1])
    pencil = ImageDraw.Draw(printed)
    pencil.text((margin, line - font.size * 1.1), words, fill=255, font=font)
    pencil.line((start - digit * 0.1, line, shape[1] - margin * 0.5, line), fill=255, width=max(1, int(digit * 0.02)))
    scrawl = _lines_on(shape, [path + shift for path in paths], width)
    rgb = _mix(np.ones(shape + (3,)) * random.uniform(0.9, 1), np.asarray(printed, np.float32) / 255 * 0.85,
               np.full(3, 0.1))
    return _snapshot(_write_on(rgb, scrawl, random), random)


def _hand_table(digit, random):
    """No digit: a table drawn by hand without a ruler, its cells still empty (a header row and 2-4 rows of 2-4
    columns, 0.7-1.1 digit heights tall and 1.3-2.5 wide), the lines wavering, bowing and overshooting at the
    corners, the header's words (or not) in small print; on a plain or ruled page, photographed."""
    lines_down = np.cumsum([0, *(digit * random.uniform(1.3, 2.5, int(random.integers(2, 5))))])
    lines_across = np.cumsum([0, *(digit * random.uniform(0.7, 1.1, int(random.integers(3, 6))))])
    margin = digit * random.uniform(0.5, 1.0)
    paths = []
    for lines, other, flip in ((lines_across, lines_down, False), (lines_down, lines_across, True)):
        for place in lines:
            overshoot = digit * random.uniform(0, 0.12, 2)  # past the corners
            reach = np.linspace(other[0] - overshoot[0], other[-1] + overshoot[1], 12)
            bow = random.normal(0, digit * 0.04) * (1 - np.linspace(-1, 1, 12) ** 2)
            wobble = ndimage.gaussian_filter1d(random.normal(0, digit * 0.015, 12), 1.5)
            path = np.stack([place + bow + wobble, reach], 1) + margin
            paths.append(path[:, ::-1] if flip else path)
    shape = (int(lines_across[-1] + 2 * margin), int(lines_down[-1] + 2 * margin))
    rgb = np.ones(shape + (3,)) * random.uniform(0.88, 1)
    if random.random() < 0.5:
        rules, _ = _ruled(shape, random.uniform(0, digit), digit * random.uniform(0.5, 0.7), random)
        rgb = _mix(rgb, rules, np.array([0.45, 0.6, 0.9]))
    if random.random() < 0.6:
        printed = Image.new("L", shape[::-1])
        font = ImageFont.load_default(int(digit * random.uniform(0.22, 0.3)))
        for left, words in zip(lines_down[:-1], random.choice(_TABLE_HEADS, len(lines_down) - 1, replace=False)):
            ImageDraw.Draw(printed).text((margin + left + digit * 0.15, margin + lines_across[1] / 2 - font.size * 0.6),
                                         str(words), fill=255, font=font)
        rgb = _write_on(rgb, np.asarray(printed, np.float32) / 255 * 0.9, random)
    return _snapshot(_write_on(rgb, _lines_on(shape, paths, digit * random.uniform(0.03, 0.05)), random), random)


# The tenth family: made, like the eighth and ninth, by someone who never ran the course's preprocessing: photos
# holding much of what lies round the page, lighter or darker than it as the families above never are (a dark desk,
# a bright window, dark trousers, a monitor's bezel, a stone counter), and other everyday captures (a phone's HDR,
# its flash, an angled shot, a dark-mode screenshot); with no digit, a blank page and a pen on a dark desk.
TENTH_KINDS = ("dark_desk", "bright_window", "lap_photo", "screen_photo", "receipt_counter", "hdr_halo",
               "pencil_backlit", "number_desk_angle", "number_dark_mode", "none_desk")
KIND_SETS["tenth"] = TENTH_KINDS
_TENTH_PENS = {"receipt_counter": (0.04, 0.07), "pencil_backlit": (0.04, 0.07),
               "number_dark_mode": (0.07, 0.11)}  # pen (ballpoint, pencil, finger) width / digit height; else 0.05-0.09
_SHOPS = ("CORNER SHOP", "FRESH MARKET", "CITY PHARMACY", "BAKERY", "HARDWARE", "SUPERSTORE")
_ITEMS = ("MILK", "BREAD", "APPLES", "COFFEE", "EGGS", "RICE", "TEA", "BUTTER", "PASTA", "SOAP", "CHEESE", "TAPE")
_NOTE_TITLES = ("Locker", "Bus", "Room", "Gate", "Table", "Seat", "Bike lock", "Parking", "Order", "Flat", "Score")


def _tenth(kind, source, random):
    """One picture of a tenth-family kind: (PIL image, extension, save options, label)."""
    image, photo, label = _photographed(kind, source, random, _blank_on_dark_desk, _TENTH_PENS, {
        "dark_desk": _dark_desk_page, "bright_window": _bright_window, "lap_photo": _lap_photo,
        "screen_photo": _screen_photo, "receipt_counter": _receipt_counter, "hdr_halo": _hdr_halo,
        "pencil_backlit": _flash, "number_desk_angle": _desk_angle, "number_dark_mode": _dark_notes})
    if kind == "number_dark_mode":  # a screenshot, kept lossless (the messenger's JPEG already in it)
        return image, "png", {}, label
    return image, "jpg", photo, label


def _photographed(kind, source, random, blank, pens, captures, hurried=()):
    """A later family's picture of `kind` (tenth, eleventh, twelfth): a digit 56-110 px tall, or a number
    of 2-5 for a number kind (for one in `hurried`, its digits 75-115% of that height each, set out by
    _uneven), written with the kind's pen (`pens`: its width as a share of the height, 5-9% if not given)
    and captured by captures[kind]; for its no-digit kind, blank(height, random). At most 1200 px; (PIL
    image, JPEG save options, label)."""
    height = int(random.integers(56, 111))
    photo = {"quality": int(random.integers(75, 93))}
    if kind.startswith("none"):
        image, label = blank(height, random), "none"
    else:
        count = int(random.integers(2, 6)) if kind.startswith("number") else 1
        pen = np.full(count, height * random.uniform(*pens.get(kind, (0.05, 0.09))))
        sizes = np.round(height * random.uniform(0.75, 1.15, count)) if kind in hurried else np.full(count, height)
        pieces, label = _legible_digits(source, sizes, pen, random)
        image = captures[kind](_uneven(pieces, label, random) if kind in hurried else _line_up(pieces, random),
                               height, random)
    if max(image.size) > 1200:
        image = image.resize([round(side * 1200 / max(image.size)) for side in image.size], Image.Resampling.LANCZOS)
    return image, photo, label


def _dark_desk_page(ink, digit, random):
    """A small notebook page (ruled, a red margin line) or a plain scrap lying on a dark desk that fills 40-70% of
    the photo, turned up to 40 degrees either way, running out of the picture on one or two sides (the writing
    0.3 digit heights or more from the picture's edge); the phone, exposing for all that dark, burns the paper
    out towards white."""
    gaps = digit * random.uniform(0.6, 1.4, 4)
    page = _surround(ink, gaps)
    sheet = np.ones(page.shape + (3,)) * random.uniform(0.88, 1)
    if random.random() < 0.6:
        rules, margin = _ruled(page.shape, page.shape[0] - int(gaps[1]) + 2, digit * random.uniform(1.2, 1.5),
                               random, margin=gaps[2] * random.uniform(0.2, 0.6))
        sheet = _mix(_mix(sheet, rules, np.array([0.45, 0.6, 0.9])), margin, np.array([0.9, 0.35, 0.35]))
    angle, cover = random.uniform(-40, 40), np.ones(page.shape)
    margins = _framing(cover, page, angle, random.uniform(0.4, 0.7), _cut_sides(random), digit, random)
    rgb, _ = _lay(_write_on(sheet, page, random), cover, page, angle, margins, _dark_desk, random)
    return _snapshot(rgb * random.uniform(1.1, 1.35), random)


def _bright_window(ink, digit, random):
    """A page held up against a window (or taped to it) and photographed against the light: the sky beyond burnt
    out to white over 35-60% of the photo, the window's bars and the trees or roofs outside dim shapes in it; the
    page, lit only by the room, at 40-60% of white and bluish; the glare spilling over the page's edges and
    veiling it all, the ink at a third to a half of its contrast."""
    page = _surround(ink, digit * random.uniform(0.5, 1.2, 4))
    angle, cover = random.uniform(-8, 8), np.ones(page.shape)
    margins = _framing(cover, page, angle, random.uniform(0.35, 0.6), [], digit, random)
    shade = random.uniform(0.4, 0.6) * np.array([0.86, 0.93, 1.05])
    rgb, _ = _lay(_page(page, random) * shade, cover, page, angle, margins, _window, random, shadow=0)
    glare = ndimage.gaussian_filter((rgb.mean(-1) - 0.9).clip(0), max(rgb.shape[:2]) * random.uniform(0.03, 0.06))
    veil = glare / glare.max() * random.uniform(0.2, 0.4) + random.uniform(0.1, 0.18)
    return _snapshot(rgb + veil[..., None], random)


def _window(shape, random):
    """A window against the light: the sky 1.2-1.6 times brighter than white paper (so burnt out), a band of
    trees or roofs along its bottom and the frame's bars, darker but still bright, all out of focus: rgb."""
    rows, columns = np.indices(shape, dtype=np.float32)
    rgb = random.uniform(1.2, 1.6) * np.array([0.95, 0.98, 1.05]) * (1 - 0.15 * rows / shape[0])[..., None]
    bumps = ndimage.gaussian_filter1d(random.normal(0, 1, shape[1]), shape[1] * 0.08)
    skyline = shape[0] * (random.uniform(0.55, 1.1) + random.uniform(0.03, 0.08) * bumps / bumps.std())
    rgb = _mix(rgb, (rows > skyline).astype(np.float32), random.uniform(0.5, 0.8) * np.array([0.85, 0.95, 0.8]))
    bar = max(shape) * random.uniform(0.03, 0.06)
    for axis in np.nonzero(random.random(2) < 0.6)[0]:  # a crossbar, an upright or both
        middle = shape[axis] * random.uniform(0.1, 0.9)
        across = (rows, columns)[axis]
        rgb = _mix(rgb, np.clip(bar / 2 - np.abs(across - middle) + 0.5, 0, 1), np.full(3, random.uniform(0.4, 0.7)))
    return ndimage.gaussian_filter(rgb, (max(shape) * 0.02,) * 2 + (0,))


def _lap_photo(ink, digit, random):
    """A page resting on the writer's lap, photographed from above: dark trousers round it on two or three sides,
    the page running out of the picture on the others; seen at an angle (its bottom, nearer the writer, larger);
    the soft shadow of the phone and the hand holding it coming in from the bottom over a part of the page,
    30-45% darker."""
    page = _surround(ink, digit * random.uniform(0.6, 1.3, 4))
    angle, cover = random.uniform(-15, 15), np.ones(page.shape)
    margins = _framing(cover, page, angle, random.uniform(0.25, 0.5), _cut_sides(random), digit, random)
    near = random.uniform(0.05, 0.1)
    margins = _widened_for_angle(margins, ndimage.rotate(cover, angle, axes=(1, 0), order=1).shape, near, 1)
    rgb, _ = _lay(_page(page, random), cover, page, angle, margins, _trousers, random, shadow=0.3)
    shape = rgb.shape[:2]
    middle, half = random.uniform(0.25, 0.75) * shape[1], random.uniform(0.15, 0.25) * shape[1]
    top = shape[0] * (1 - random.uniform(0.25, 0.55))
    phone = _rounded_box(shape, (top, shape[0] * 2, middle - half, middle + half), half * 0.3)
    arm = _finger(shape, np.array([shape[0] * 1.3, middle + random.normal(0, half)]),
                  np.array([top + half, middle]), half * 0.7)[0]
    shadow = ndimage.gaussian_filter(np.maximum(phone, arm), max(shape) * random.uniform(0.03, 0.06))
    return _snapshot(_at_angle(rgb * (1 - random.uniform(0.3, 0.45) * shadow)[..., None], near, 1), random)


def _trousers(shape, random):
    """Dark trousers over a lap: denim, black or charcoal cloth, its twill's fine diagonal ribs, soft folds pulled
    one way, the hollow between the knees darker: rgb."""
    rows, columns = np.indices(shape, dtype=np.float32)
    colour = np.array([(0.1, 0.14, 0.26), (0.07, 0.07, 0.08), (0.17, 0.17, 0.19)])[random.integers(3)]
    twill = np.sin(2 * np.pi * (rows + random.choice([-1, 1]) * columns) / random.uniform(3, 4.5))
    wander, fibres = (ndimage.gaussian_filter(random.normal(0, 1, shape), sigma) for sigma in (max(shape) * 0.1, 0.8))
    angle = random.uniform(-0.5, 0.5) + np.pi / 2 * random.integers(2)
    along = (np.cos(angle) * columns + np.sin(angle) * rows) / (max(shape) * random.uniform(0.15, 0.3))
    folds = np.sin(2 * np.pi * along + 3 * wander / wander.std())
    seam = random.uniform(0.3, 0.7) * shape[1] + (rows - shape[0] / 2) * random.uniform(-0.2, 0.2)
    knees = np.clip(np.abs(columns - seam) / (shape[1] * 0.12), 0, 1) ** 0.5
    tone = (1 + 0.22 * folds) * (0.5 + 0.5 * knees) * (1 + 0.1 * twill + 0.06 * fibres / fibres.std())
    return colour * random.uniform(0.85, 1.15) * tone[..., None]


def _screen_photo(ink, digit, random):
    """A scan of the handwritten page shown on a monitor and photographed by a phone held close: the scan's grey
    paper and softened ink, each screen pixel 2.2-3.6 photo px (red, green and blue stripes and the black grid
    between them beat with the phone's pixels in moire), the screen turned 1-4 degrees, its backlight uneven and
    bluish; the black bezel along one or two sides, 0.4-0.8 digit heights from the writing."""
    tilt, sides = np.radians(random.uniform(1, 4) * random.choice([-1, 1])), _cut_sides(random)
    gaps = digit * random.uniform(0.5, 1.0, 4)
    gaps[sides] = digit * random.uniform(1.1, 1.5) + np.tan(abs(tilt)) * max(ink.shape)
    page = _surround(ink, gaps)
    rows, columns = np.indices(page.shape, dtype=np.float32)
    down, right = rows * np.cos(tilt) + columns * np.sin(tilt), columns * np.cos(tilt) - rows * np.sin(tilt)
    screen = np.ones(page.shape, np.float32)
    for side in sides:  # the screen's edge a straight line 0.4-0.8 digit heights past the writing
        inward = (down, -down, right, -right)[side]
        edge = inward[page > 0.05].min() - digit * random.uniform(0.4, 0.8)
        screen = np.minimum(screen, np.clip(inward - edge + 0.5, 0, 1))
    paper = np.array([random.uniform(0.82, 0.92), random.uniform(0.8, 0.9), random.uniform(0.74, 0.86)])
    scan = _mix(np.ones(page.shape + (3,)) * paper, ndimage.gaussian_filter(page, 0.8) * random.uniform(0.7, 0.9),
                np.full(3, 0.12))
    pitch = random.uniform(2.2, 3.6)
    centre, stripe, lit = _subpixel_grid(page.shape, tilt, pitch)
    display = np.stack([ndimage.map_coordinates(ndimage.gaussian_filter(scan[..., channel], pitch / 3), centre,
                                                order=1) for channel in range(3)], -1)
    rgb = _screen_light(display, stripe, lit, pitch, random, blur=random.uniform(0.6, 0.8))  # focused close
    edge = int(pitch) + 1  # the grid's last half-lit pixels cut off
    rgb = (rgb * screen[..., None] + (1 - screen[..., None]) * random.uniform(0.03, 0.08))[edge:-edge, edge:-edge]
    return _rgb(rgb + random.normal(0, 0.02, rgb.shape))


def _receipt_counter(ink, digit, random):
    """A till receipt lying on a dark stone counter, the digit written on it in ballpoint: thin thermal paper,
    faintly cool white, 3.5-4.5 digit heights wide, the shop and a few items printed above the writing in faded
    grey (words only: the label is the handwriting); the strip running out of the picture at one or both ends;
    curled, so across it the light goes from a glossy bright band to 30-50% shade where it rolls up, and it
    casts a deeper shadow on the stone."""
    ink = _surround(ink, np.zeros(4))
    width = int(max(ink.shape[1] + digit * 0.8, digit * random.uniform(3.5, 4.5)))
    font = ImageFont.load_default(int(digit * random.uniform(0.18, 0.24)))
    spacing = font.size * 1.5
    lines = [str(random.choice(_SHOPS)), "-" * 40, *random.choice(_ITEMS, int(random.integers(2, 5)), replace=False),
             "-" * 40]
    above = int(len(lines) * spacing + digit * random.uniform(0.5, 0.8))
    writing = np.zeros((above + ink.shape[0] + int(digit * random.uniform(0.6, 1.2)), width), np.float32)
    left = int(random.integers(int(digit * 0.4), width - ink.shape[1] - int(digit * 0.4) + 1))
    writing[above:above + ink.shape[0], left:left + ink.shape[1]] = ink
    printed = Image.new("L", (width, writing.shape[0]))
    for place, words in enumerate(lines):  # the shop and the rules centred, the items from the left
        x = digit * 0.25 if 1 < place < len(lines) - 1 else (width - font.getlength(words)) / 2
        ImageDraw.Draw(printed).text((x, digit * 0.3 + place * spacing), words, fill=255, font=font)
    dots = np.asarray(printed, np.float32) / 255 * (0.7 + 0.3 * random.random(writing.shape))  # a worn print head
    rgb = _mix(np.ones(writing.shape + (3,)) * np.array([0.93, 0.94, 0.96]) * random.uniform(0.9, 1),
               ndimage.gaussian_filter(dots, 0.5) * random.uniform(0.4, 0.6), np.full(3, 0.15))
    across = np.linspace(0, 1, width) if random.random() < 0.5 else np.linspace(1, 0, width)
    turn = random.uniform(0.45, 0.7)  # where the curl starts to roll up
    light = (1 - random.uniform(0.3, 0.5) * np.clip((across - turn) / (1 - turn), 0, 1) ** 1.5
             + random.uniform(0.08, 0.18) * np.exp(-((across - turn) / 0.07) ** 2))
    rgb = _write_on(rgb, writing, random) * light[:, None]
    angle, cover = random.uniform(-25, 25), np.ones(writing.shape)
    cuts = [[0], [1], [0, 1]][random.integers(3)]
    margins = _framing(cover, writing, angle, random.uniform(0.45, 0.65), cuts, digit, random)
    photo, _ = _lay(rgb, cover, writing, angle, margins, _dark_stone, random, shadow=0.6)
    return _snapshot(photo, random)


def _hdr_halo(ink, digit, random):
    """A page on a desk photographed by a phone whose HDR processing overdoes it: each pixel's light pushed away
    from a blur of its surroundings 0.15-0.35 digit heights wide (a bright halo round every stroke, a bright rim
    inside the page's edge and a dark band outside it on the desk), the darks crushed to black, the colours
    pushed, then over-sharpened (a thin light fringe along every edge, the noise gritty)."""
    page = _surround(ink, digit * random.uniform(0.5, 1.1, 4))
    rgb, _ = _lay(_page(page, random), np.ones(page.shape), page, random.uniform(-12, 12),
                  digit * random.uniform(0.6, 1.4, 4), _desk, random)
    rgb = np.asarray(_snapshot(rgb, random), np.float32) / 255
    luma = rgb.mean(-1) + 1e-3
    around = ndimage.gaussian_filter(luma, digit * random.uniform(0.15, 0.35))
    toned = luma + random.uniform(0.8, 1.5) * (luma - around)
    black = random.uniform(0.12, 0.22)
    crushed = np.clip((toned - black) / (1 - black), 0, None) ** random.uniform(1.1, 1.4)
    rgb = rgb * (crushed / luma)[..., None]
    rgb = rgb.mean(-1, keepdims=True) + (rgb - rgb.mean(-1, keepdims=True)) * random.uniform(1.3, 1.7)  # saturated
    return _rgb(rgb + random.uniform(1.2, 2.2) * (rgb - ndimage.gaussian_filter(rgb, (1, 1, 0))))


def _flash(ink, digit, random):
    """Faint pencil on a page lying on a desk, photographed close up with the phone's flash in a dim room: the
    flash's glare a hot spot 0.6-1.1 digit heights from the writing (the paper burnt to white there, the graphite
    at its rim washed out), the light falling off fast from the middle (the corners at 10-30% of it), a cold
    white cast; grainy graphite at 40-60% of black."""
    page = _surround(ink, digit * random.uniform(0.8, 1.5, 4))
    grain = ndimage.gaussian_filter(random.random(page.shape), 0.7)
    graphite = np.clip(page * (1.3 - 0.6 * grain), 0, 1) * random.uniform(0.4, 0.6)
    sheet = _mix(_page(np.zeros(page.shape), random), graphite, np.full(3, 0.25))
    rgb, writing = _lay(sheet, np.ones(page.shape), page, random.uniform(-10, 10),
                        digit * random.uniform(0.2, 0.8, 4), _desk, random)
    shape = np.array(rgb.shape[:2])
    rows, columns = np.indices(shape, dtype=np.float32)
    corner = random.uniform(0.1, 0.3)  # (1 + (r / reach)^2)^-2 there: light falls with distance and slant
    reach = np.hypot(*shape) / 2 / np.sqrt(1 / np.sqrt(corner) - 1)
    light = (1 + ((rows - shape[0] / 2) ** 2 + (columns - shape[1] / 2) ** 2) / reach ** 2) ** -2
    apart = ndimage.distance_transform_edt(writing < 0.05)
    candidates = np.argwhere((apart > digit * 0.6) & (apart < digit * 1.1))
    spot = candidates[np.argmin(np.hypot(*(candidates - shape / 2).T) + random.uniform(0, digit, len(candidates)))]
    hot = np.exp(-np.hypot(rows - spot[0], columns - spot[1]) ** 2 / (digit * random.uniform(0.25, 0.45)) ** 2)
    flashed = rgb * (light * random.uniform(1.05, 1.25))[..., None] + (hot * random.uniform(0.4, 0.8))[..., None]
    return _snapshot(flashed * np.array([0.95, 1, 1.06]), random)


def _desk_angle(ink, digit, random):
    """A number on an index card (white, cream or pale blue, ruled or plain) lying on a desk, photographed at an
    angle: one side of the scene 10-18% nearer (larger), the desk filling one side of the picture (70-130% of
    the card's width or height beside it), the card turned up to 12 degrees, all of it in the picture."""
    gaps = digit * random.uniform(0.4, 0.9, 4)
    card = _surround(ink, gaps)
    colour = np.array([(0.97, 0.97, 0.95), (0.98, 0.95, 0.85), (0.85, 0.92, 1)][random.integers(3)])
    rgb = np.ones(card.shape + (3,)) * colour * random.uniform(0.9, 1)
    if random.random() < 0.5:
        rules, _ = _ruled(card.shape, card.shape[0] - int(gaps[1]) + 2, digit * random.uniform(1.3, 1.7), random)
        rgb = _mix(rgb, rules, np.array([0.45, 0.6, 0.9]))
    angle, cover = random.uniform(-12, 12), np.ones(card.shape)
    turned = ndimage.rotate(cover, angle, axes=(1, 0), order=1).shape
    margins = digit * random.uniform(0.3, 0.7, 4)
    desk_side = int(random.integers(4))
    margins[desk_side] += turned[desk_side // 2] * random.uniform(0.7, 1.3)
    margins = _photo_shaped(margins, turned)
    near, side = random.uniform(0.1, 0.18), int(random.integers(4))
    photo, _ = _lay(_write_on(rgb, card, random), cover, card, angle, _widened_for_angle(margins, turned, near, side),
                    _desk, random)
    return _snapshot(_at_angle(photo, near, side), random)


def _dark_notes(ink, digit, random):
    """A screenshot of a phone's notes app in dark mode with a number written in it with a finger: light strokes
    (white, pale yellow or pale blue) on near-black; the status bar (the time, signal bars, wi-fi, battery) at the
    top, the app's bar (a yellow back arrow and "Notes", "Done") and the note's typed title below it, the drawing
    tools along the bottom; sent on through a messaging app (shrunk to 60-90%, JPEG quality 50-80)."""
    drawing = _surround(ink, np.zeros(4))
    width, tall = int(max(drawing.shape[1] + digit * 0.8, random.uniform(500, 600))), random.uniform(2.05, 2.17)
    app = Image.new("RGB", (390, round(390 * tall)), (0, 0, 0) if random.random() < 0.5 else (28, 28, 30))
    pencil = ImageDraw.Draw(app)  # laid out in points, as phones are, 390 across
    white, yellow, bottom = (255, 255, 255), (255, 214, 10), app.height - 90
    pencil.text((30, 14), f"{random.integers(1, 13)}:{random.integers(60):02d}", white, ImageFont.load_default(15))
    for bar in range(4):  # the signal's bars, then the wi-fi's fan and the battery
        pencil.rectangle((290 + 5 * bar, 27 - 3 * bar, 293 + 5 * bar, 30), fill=white)
    pencil.pieslice((314, 16, 332, 34), 225, 315, fill=white)
    pencil.rounded_rectangle((340, 18, 340 + 26 * random.uniform(0.3, 1), 30), 3, fill=white)
    pencil.line([(22, 66), (14, 74), (22, 82)], fill=yellow, width=3)
    pencil.text((28, 64), "Notes", fill=yellow, font=ImageFont.load_default(17))
    pencil.text((332, 64), "Done", fill=yellow, font=ImageFont.load_default(17))
    pencil.text((20, 110), str(random.choice(_NOTE_TITLES)), fill=white, font=ImageFont.load_default(26))
    pencil.rounded_rectangle((12, bottom, 378, bottom + 56), 14, fill=(44, 44, 46))
    for tool, colour in enumerate([(240, 240, 240), (60, 60, 60), yellow, (120, 180, 255), (255, 120, 120)]):
        pencil.rounded_rectangle((40 + 44 * tool, bottom + 14, 54 + 44 * tool, bottom + 56), 4, fill=colour)
    pencil.ellipse((324, bottom + 12, 354, bottom + 42), outline=(255, 80, 80), width=3)
    pencil.rounded_rectangle((128, app.height - 13, 262, app.height - 8), 3, fill=white)  # the home bar
    screen = np.asarray(app.resize((width, round(width * tall)), Image.Resampling.LANCZOS), np.float32) / 255
    point = width / 390
    writing = np.zeros(screen.shape[:2], np.float32)
    top = int(random.integers(int(160 * point), int(bottom * point - drawing.shape[0] - digit * 0.5)))
    left = int(random.integers(int(digit * 0.4), width - drawing.shape[1] - int(digit * 0.4) + 1))
    writing[top:top + drawing.shape[0], left:left + drawing.shape[1]] = drawing
    stroke = np.array([(1, 1, 1), (1, 0.93, 0.55), (0.6, 0.8, 1)][random.integers(3)])
    screenshot, sent, shrink = _rgb(_mix(screen, writing, stroke)), io.BytesIO(), random.uniform(0.6, 0.9)
    screenshot = screenshot.resize([round(side * shrink) for side in screenshot.size], Image.Resampling.BILINEAR)
    screenshot.save(sent, format="JPEG", quality=int(random.integers(50, 81)))
    return Image.open(sent).convert("RGB")


def _blank_on_dark_desk(digit, random):
    """No digit: a blank page (plain or ruled) or an index card lying on a dark desk that fills 40-70% of the
    photo, turned up to 40 degrees, a pen lying along the widest stretch of desk beside it (perhaps over the
    page's corner or out of the picture); the page burnt out towards white as the phone exposes for the dark."""
    shape = (int(digit * random.uniform(3, 5)), int(digit * random.uniform(3, 6)))
    sheet = _page(np.zeros(shape), random)
    if random.random() < 0.5:
        rules, _ = _ruled(shape, random.uniform(0, digit), digit * random.uniform(0.5, 0.8), random)
        sheet = _mix(sheet, rules, np.array([0.45, 0.6, 0.9]))
    angle, cover = random.uniform(-40, 40), np.ones(shape)
    margins = _framing(cover, cover, angle, random.uniform(0.4, 0.7), [], digit, random)
    widest = int(np.argmax(margins))
    margins[widest] = max(margins[widest], digit * 1.2)  # room for the pen
    rgb, _ = _lay(sheet, cover, cover, angle, margins, _dark_desk, random)
    size = np.array(rgb.shape[:2], float)
    middle = size * random.uniform(0.3, 0.7, 2)
    middle[widest // 2] = margins[widest] / 2 if widest % 2 == 0 else size[widest // 2] - margins[widest] / 2
    turn = random.uniform(-0.3, 0.3) + (np.pi / 2 if widest >= 2 else 0)  # along the strip of desk
    along = np.array([np.sin(turn), np.cos(turn)]) * digit * random.uniform(3, 4.5)
    rgb = _pen(rgb, middle - along, middle + along, digit * random.uniform(0.2, 0.28), random)
    return _snapshot(rgb * random.uniform(1.1, 1.35), random)


def _pen(rgb, back, tip, radius, random):
    """A pen lying on the scene from `back` to `tip` (row, column), `radius` px thick: its barrel rounded by the
    light from above with a shine along it, its back third a cap in another colour, a short grey point; its soft
    shadow down and right: rgb."""
    colours = np.array([(0.15, 0.25, 0.7), (0.08, 0.08, 0.09), (0.85, 0.85, 0.82), (0.75, 0.12, 0.12),
                        (0.9, 0.75, 0.15)])[random.permutation(5)[:2]]  # the barrel's, the cap's
    alpha, across, from_tip = _finger(rgb.shape[:2], back, tip, radius)
    length = np.hypot(*(tip - back)) / radius  # in radii
    colour = np.where((from_tip > length * random.uniform(0.6, 0.7))[..., None], colours[1], colours[0])
    colour = colour * (0.45 + 0.55 * np.sqrt(1 - across ** 2) + 0.35 * np.exp(-(across / 0.25) ** 2))[..., None]
    point = _finger(rgb.shape[:2], tip, tip + (tip - back) * 1.8 / length, radius * 0.45)[0]
    shadow = ndimage.shift(ndimage.gaussian_filter(np.maximum(alpha, point), radius * 0.6), radius * 0.5 * np.ones(2),
                           order=1)
    return _mix(_mix(rgb * (1 - 0.5 * shadow)[..., None], alpha, colour), point * (1 - alpha), np.full(3, 0.55))


def _framing(cover, keep, angle, share, cuts, digit, random):
    """Margins (top, bottom, left, right, for _lay) round a thing (its `cover`) turned `angle` degrees so the ground
    fills about `share` of the photo, the thing running out of the picture on the sides in `cuts` (0 top, 1 bottom,
    2 left, 3 right) up to 0.3 digit heights from `keep` (its writing)."""
    turned_cover, turned_keep = (np.clip(ndimage.rotate(part, angle, axes=(1, 0), order=1), 0, 1)
                                 for part in (cover, keep))
    rows, columns = np.nonzero(turned_keep > 0.05)
    room = (rows.min(), turned_keep.shape[0] - 1 - rows.max(), columns.min(), turned_keep.shape[1] - 1 - columns.max())
    margins = np.zeros(4)
    for side in cuts:
        margins[side] = -max(0.0, room[side] - 0.3 * digit) * random.uniform(0.4, 0.8)
    seen = _margins(turned_cover, margins)
    grow = max(0.0, np.sqrt(seen.sum() / (1 - share) / seen.size) - 1)  # each way, of the picture's size
    for axis, length in enumerate(seen.shape):
        free = [side for side in (2 * axis, 2 * axis + 1) if side not in cuts]
        if free:
            margins[free] = grow * length * random.dirichlet(np.ones(len(free)))
    return margins


def _photo_shaped(margins, turned):
    """The margins (top, bottom, left, right) round a thing whose turned box is `turned` (rows, columns) px, widened
    evenly on the long picture's short sides so that it is a photo's shape, at most 4:3."""
    size = np.array(turned) + margins.reshape(2, 2).sum(1)
    return margins + np.repeat(np.clip(size[::-1] * 0.75 - size, 0, None) / 2, 2)


def _cut_sides(random):
    """One side of the picture (0 top, 1 bottom, 2 left, 3 right) or two that meet at a corner."""
    sides = [int(random.integers(2)), 2 + int(random.integers(2))]
    return sides if random.random() < 0.5 else [sides[int(random.integers(2))]]


def _widened_for_angle(margins, turned, near, side):
    """The margins (top, bottom, left, right) round a thing whose turned box is `turned` (rows, columns) px, widened
    on the two sides whose ends _at_angle(near, side) cuts off at the nearer side, by as much as it cuts."""
    across, margins = ([2, 3] if side < 2 else [0, 1]), np.array(margins, float)
    margins[across] += near * (turned[across[0] // 2] + margins[across].sum()) / (1 - 2 * near)
    return margins


def _dark_desk(shape, random):
    """A dark desk's top: walnut or wenge wood, black gloss laminate or dark stone, a broad soft streak of the room's
    light glancing off its finish (strongest on the gloss): rgb."""
    look = int(random.integers(3))
    if look == 0:
        tone = 1 + 1.5 * (_wood_grain(random.normal(0, 1, shape), random) - 1)
        rgb = np.array([(0.24, 0.15, 0.1), (0.17, 0.12, 0.09), (0.3, 0.19, 0.12)][random.integers(3)]) * tone[..., None]
    elif look == 1:
        rgb = np.ones(shape + (3,)) * random.uniform(0.04, 0.08)
    else:
        rgb = _dark_stone(shape, random)
    rows, columns = np.indices(shape, dtype=np.float32)
    angle = random.uniform(0, np.pi)
    across = (np.cos(angle) * rows + np.sin(angle) * columns) / max(shape)
    streak = np.exp(-((across - random.uniform(across.min(), across.max())) / random.uniform(0.1, 0.3)) ** 2)
    return rgb + (streak * random.uniform(0.04, 0.1) * (2.5 if look == 1 else 1))[..., None]


def _dark_stone(shape, random):
    """A dark stone counter: black, charcoal or brown-black granite, flecked with grey, white or gold crystals of a
    few sizes, a faint cloudiness: rgb."""
    base = np.array([(0.06, 0.06, 0.065), (0.13, 0.13, 0.14), (0.11, 0.085, 0.07)][random.integers(3)])
    cloud = ndimage.gaussian_filter(random.normal(0, 1, shape), 8)
    rgb = base * (1 + 0.2 * cloud / cloud.std())[..., None]
    for size, share in ((0.7, 0.05), (1.4, 0.025), (2.5, 0.008)):
        specks = ndimage.gaussian_filter(random.normal(0, 1, shape), size)
        fleck = np.clip((specks - np.quantile(specks, 1 - share)) / specks.std() * 3, 0, 1)
        crystal = random.uniform(0.2, 0.5) * np.array([(1, 1, 1), (1, 0.85, 0.6)][random.integers(2)])
        rgb = _mix(rgb, fleck, crystal)
    return rgb


ELEVENTH_KINDS = ("blinds", "kraft_bag", "blueprint", "pressure_pen", "finger_on_lens", "watercolour", "lcd_tablet",
                  "number_price_tag", "number_fold", "none_stamp")
KIND_SETS["eleventh"] = ELEVENTH_KINDS
_ELEVENTH_PENS = {"kraft_bag": (0.08, 0.12), "blueprint": (0.04, 0.07), "pressure_pen": (0.05, 0.08),
                  "watercolour": (0.1, 0.14), "lcd_tablet": (0.04, 0.07), "number_price_tag": (0.09, 0.13)}
# pen (a marker, a drafting pen, a ballpoint, a brush, a stylus) width / digit height; the others 0.05-0.09
_STAMP_WORDS = ("PAID", "RECEIVED", "COPY", "CHECKED", "APPROVED", "URGENT", "FILED", "DONE", "SEEN", "WELL DONE")
_PIGMENTS = ((0.15, 0.22, 0.65), (0.75, 0.1, 0.2), (0.2, 0.45, 0.15), (0.55, 0.25, 0.1), (0.4, 0.15, 0.55))
# watercolours: ultramarine, crimson, sap green, burnt sienna, violet


def _eleventh(kind, source, random):
    """One picture of an eleventh-family kind: (PIL image, extension, save options, label)."""
    image, photo, label = _photographed(kind, source, random, _stamped, _ELEVENTH_PENS, {
        "blinds": _blinds, "kraft_bag": _kraft_bag, "blueprint": _blueprint, "pressure_pen": _pressure_pen,
        "finger_on_lens": _finger_on_lens, "watercolour": _watercolour, "lcd_tablet": _lcd_tablet,
        "number_price_tag": _price_tag, "number_fold": _folded})
    return image, "jpg", photo, label


def _blinds(ink, digit, random):
    """A page on a desk in low sun through a venetian blind: the slats' hard-edged shadows in parallel bars across
    page and desk alike, 0.6-1.4 digit heights apart, 40-65% of each in shade, slanting 10-40 degrees and fanning
    out a little down the picture; the sunlit stripes warm and bright (the paper burnt to near white), the shade
    bluish at 30-50%."""
    page = _surround(ink, digit * random.uniform(0.5, 1.2, 4))
    rgb, _ = _lay(_page(page, random), np.ones(page.shape), page, random.uniform(-10, 10),
                  digit * random.uniform(0.4, 1.2, 4), _desk, random)
    rows, columns = np.indices(rgb.shape[:2], dtype=np.float32)
    slope = np.tan(np.radians(random.uniform(10, 40))) * random.choice([-1, 1])
    fan = random.uniform(-0.15, 0.15) / max(rgb.shape)  # the slats nearer the window throw narrower bars
    across = (rows - slope * columns) * (1 + fan * rows) / (digit * random.uniform(0.6, 1.4))
    sunlit = (across + random.uniform(0, 1)) % 1 > random.uniform(0.4, 0.65)
    sun = ndimage.gaussian_filter(sunlit.astype(np.float32), digit * random.uniform(0.008, 0.02))  # the penumbra
    shade = random.uniform(0.3, 0.5) * np.array([0.85, 0.93, 1.05])
    light = shade + sun[..., None] * (random.uniform(1.1, 1.3) * np.array([1, 0.95, 0.85]) - shade)
    return _snapshot(rgb * light, random)


def _kraft_bag(ink, digit, random):
    """Marker on a brown paper bag (a lunch bag's number), photographed close: the kraft paper's streaky fibres and
    dark flecks; the bag's side fold down the picture 0.5-0.8 digit heights beside the writing, the panel past it
    turned from the light (15-30% darker), the crease a thin light ridge; half the time the bag's zigzag-cut top
    edge across the picture, the kitchen behind it out of focus."""
    gaps = digit * random.uniform(0.5, 1.2, 4)
    side = int(random.integers(2, 4))  # the fold left or right of the writing
    gaps[side] += digit * random.uniform(0.8, 1.4)
    writing = _surround(ink, gaps)
    shape = writing.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    cloud = ndimage.gaussian_filter(random.normal(0, 1, shape), digit * 0.06)  # the pulp spread unevenly
    fibres = ndimage.gaussian_filter(random.normal(0, 1, shape), (0.6, 2.5))
    flecks = ndimage.gaussian_filter(random.normal(0, 1, shape), 0.8)
    flecks = np.clip((flecks - np.quantile(flecks, 0.98)) / flecks.std() * 3, 0, 1)
    brown = np.array([random.uniform(0.66, 0.76), random.uniform(0.5, 0.57), random.uniform(0.33, 0.4)])
    tone = 1 + 0.05 * cloud / cloud.std() + 0.035 * fibres / fibres.std()
    bag = _mix(brown * tone[..., None], flecks * 0.6, brown * 0.45)
    fold = gaps[side] - digit * random.uniform(0.5, 0.8)
    beyond = fold - columns if side == 2 else columns - (shape[1] - 1 - fold)  # > 0 on the far panel
    light = (1 - random.uniform(0.15, 0.3) * np.clip(beyond + 0.5, 0, 1)
             + 0.12 * np.exp(-((beyond + 1) / 1.2) ** 2))  # the ridge just this side of the crease
    rgb = _mix(bag, np.clip(ndimage.gaussian_filter(writing, digit * 0.01) * 1.2, 0, 1) * random.uniform(0.85, 0.95),
               np.array([(0.06, 0.06, 0.07), (0.08, 0.12, 0.4)][random.integers(2)])) * light[..., None]
    if random.random() < 0.5:
        teeth = digit * random.uniform(0.12, 0.2)
        edge = gaps[0] * random.uniform(0.2, 0.5) + teeth * np.abs((columns / teeth) % 1 - 0.5)
        rgb = _mix(rgb, np.clip(edge - rows + 0.5, 0, 1), _room(shape, random))
    return _snapshot(rgb, random)


def _blueprint(ink, digit, random):
    """A digit drawn in white on a blueprint (a cyanotype copy of a technical drawing): Prussian blue, mottled where
    the coating went on unevenly, a faint pale grid 0.25-0.4 digit heights square, the drawing's border a ruled
    double white line 0.5 digit heights or more from the writing; the lines a little soft; the sheet lying on a
    desk, turned up to 10 degrees, photographed."""
    page = _surround(ink, digit * random.uniform(0.8, 1.5, 4))
    shape = page.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    square = digit * random.uniform(0.25, 0.4)
    grid = np.maximum(*(np.clip(1 - np.abs((side + square / 2) % square - square / 2), 0, 1)
                        for side in (rows, columns)))
    inset = digit * random.uniform(0.15, 0.3)
    to_edge = np.minimum(np.minimum(rows, shape[0] - 1 - rows), np.minimum(columns, shape[1] - 1 - columns))
    border = np.clip(1.2 - np.abs(to_edge - inset), 0, 1) + np.clip(0.8 - np.abs(to_edge - inset - digit * 0.06), 0, 1)
    mottle = ndimage.gaussian_filter(random.normal(0, 1, shape), digit * 0.3)
    blue = np.array([0.08, 0.25, 0.55]) * random.uniform(0.8, 1.1) * (1 + 0.12 * mottle / mottle.std())[..., None]
    lines = ndimage.gaussian_filter(np.maximum(np.maximum(grid * 0.2, border * 0.8), page * 0.9), 0.7)
    rgb = _mix(blue, np.clip(lines, 0, 1), np.array([0.86, 0.92, 0.98]))
    return _on_ground(rgb, np.ones(shape), page, _desk, random, turn=10, share=(0.6, 0.9))


def _pressure_pen(ink, digit, random):
    """A ballpoint pressed hard, then lightly, as the digit was written: along the strokes the line swells and goes
    dark, then thins to a fine line, paler (the pressure a smooth field 0.15-0.3 digit heights across),
    with 1-3 blobs where the ball dropped a gob of ink on the stroke; on a plain page on a desk, photographed."""
    pressure = ndimage.gaussian_filter(random.normal(0, 1, ink.shape), digit * random.uniform(0.15, 0.3))
    pressure = np.clip(0.5 + 0.6 * pressure / pressure.std(), 0, 1)
    width = 2 * ndimage.distance_transform_edt(ink > 0.5).max()  # the line's, as drawn
    thick = ndimage.grey_dilation(ink, footprint=morphology.disk(max(1, int(width * 0.2))))
    thin = ndimage.grey_erosion(ink, footprint=morphology.disk(max(1, int(width * 0.25))))
    ink = (thin + (thick - thin) * pressure) * (0.55 + 0.45 * pressure)
    rows, columns = np.indices(ink.shape, dtype=np.float32)
    for row, column in np.argwhere(thin > 0.5)[random.integers(np.sum(thin > 0.5), size=int(random.integers(1, 4)))]:
        radius = digit * random.uniform(0.02, 0.035)
        ink = np.maximum(ink, np.clip(radius + 0.5 - np.hypot(rows - row, columns - column), 0, 1))
    page = _surround(ink, digit * random.uniform(0.5, 1.1, 4))
    return _on_ground(_page(page, random), np.ones(page.shape), page, _desk, random, turn=10, share=(0.5, 0.9))


def _finger_on_lens(ink, digit, random):
    """A page on a desk photographed with a fingertip over the edge of the lens: a glowing shape coming in from a side
    or a corner, so far out of focus it has no edge (blurred over 5-9% of the picture), deep red in its middle and
    orange-pink towards its rim where the light shines through the flesh, reaching in as far as it can while
    leaving the writing clear; a warm flare veiling the picture beside it."""
    page = _surround(ink, digit * random.uniform(0.5, 1.1, 4))
    rgb, writing = _lay(_page(page, random), np.ones(page.shape), page, random.uniform(-10, 10),
                        digit * random.uniform(0.6, 1.6, 4), _desk, random)
    shape = np.array(rgb.shape[:2], float)
    at = shape * np.array([(0, 0), (0, 0.5), (0, 1), (0.5, 0), (0.5, 1), (1, 0), (1, 0.5), (1, 1)][random.integers(8)])
    inward = (shape / 2 - at) / np.hypot(*(shape / 2 - at))
    radius, blur = min(shape) * random.uniform(0.2, 0.35), max(shape) * random.uniform(0.05, 0.09)
    for reach in np.linspace(radius * 1.5, -radius, 11):
        _, across, _ = _finger(rgb.shape[:2], at - inward * radius * 3, at + inward * reach, radius * 3)
        distance = across * radius * 3  # from the finger's middle line, up to 3 radii
        edge = np.clip((radius - distance) / (2 * blur) + 0.5, 0, 1)
        finger = edge * edge * (3 - 2 * edge)
        if finger[writing > 0.05].max(initial=0) < 0.08:
            break
    flesh = _mix(np.ones(rgb.shape) * np.array([0.95, 0.55, 0.4]), np.clip(1 - distance / radius, 0, 1),
                 np.array([0.4, 0.08, 0.05])) * random.uniform(0.6, 1.0)
    flare = np.clip(1 - (distance - radius) / (2 * radius), 0, 1) ** 2 * random.uniform(0.1, 0.2)
    return _snapshot(_mix(rgb, finger, flesh) + flare[..., None] * np.array([1, 0.7, 0.5]), random)


def _watercolour(ink, digit, random):
    """A digit painted with a round brush in watercolour (ultramarine, crimson, sap green, burnt sienna or violet) on
    cold-pressed watercolour paper: the wash see-through and uneven, bled a little into the damp paper, pigment
    settled in the paper's hollows, a darker hard rim along the stroke's edges where it dried; the paper's bumpy
    grain lit from one side; lying on a desk, photographed."""
    page = _surround(ink, digit * random.uniform(0.5, 1.1, 4))
    bled = ndimage.gaussian_filter(page, digit * 0.012)
    rim = np.clip(bled - ndimage.gaussian_filter(bled, digit * 0.025), 0, 1)
    grain = ndimage.gaussian_filter(random.normal(0, 1, page.shape), digit * 0.025)
    grain /= grain.std()
    uneven = ndimage.gaussian_filter(random.normal(0, 1, page.shape), digit * 0.1)
    wash = bled * (0.65 + 0.1 * uneven / uneven.std() + 0.1 * np.clip(-grain, 0, 1)) + 1.2 * rim
    pigment = np.array(_PIGMENTS[random.integers(len(_PIGMENTS))])
    lit = 1 + 0.03 * np.gradient(grain, axis=int(random.integers(2)))  # the bumps' sunny and shady sides
    paper = np.array([0.97, 0.96, 0.91]) * lit[..., None] * random.uniform(0.9, 1)
    rgb = paper * (1 - np.clip(wash, 0, 0.95)[..., None] * (1 - pigment))
    return _on_ground(rgb, np.ones(page.shape), page, _desk, random, turn=12, share=(0.55, 0.9))


def _lcd_tablet(ink, digit, random):
    """A digit written with the stylus on an LCD writing tablet (a child's doodle board): the screen near-black with a
    green or blue tint, the line glowing yellow-green, or in rainbow bands (the colour running from red through
    yellow and green to blue down or across the writing); the screen's gloss showing a window as a broad pale band;
    the tablet's bright plastic frame round it (blue, pink, green or orange), its round erase button below the
    screen; lying on a desk, photographed."""
    screen = _surround(ink, digit * random.uniform(0.5, 1.1, 4))
    rim, below = int(digit * random.uniform(0.3, 0.6)), int(digit * random.uniform(0.9, 1.3))
    writing = np.pad(screen, [(rim, below), (rim, rim)])
    shape = writing.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    glass = _rounded_box(shape, (rim, rim + screen.shape[0], rim, rim + screen.shape[1]), digit * 0.1)
    cover = _rounded_box(shape, (0, shape[0], 0, shape[1]), digit * 0.3)
    plastic = np.array([(0.15, 0.4, 0.8), (0.9, 0.45, 0.6), (0.3, 0.7, 0.35), (0.95, 0.55, 0.15)][random.integers(4)])
    button = np.clip(digit * 0.28 - np.hypot(rows - (shape[0] - below / 2), columns - shape[1] / 2), 0, 1)
    rgb = _mix(np.ones(shape + (3,)) * plastic, button, plastic * 0.6)
    dark = np.array([(0.05, 0.08, 0.05), (0.04, 0.05, 0.09)][random.integers(2)])
    if random.random() < 0.5:
        stroke = np.ones(shape + (3,)) * np.array([0.75, 0.92, 0.35])
    else:  # hue 0 (red) to 0.6 (sky blue) down or across the writing, which fills the screen's bands
        along = (rows, columns)[int(random.integers(2))]
        inked = along[writing > 0.05]
        hue = 0.6 * np.clip((along - inked.min()) / np.ptp(inked), 0, 1)
        rainbow = np.clip(np.abs((hue[..., None] * 6 + np.array([0, 4, 2])) % 6 - 3) - 1, 0, 1)
        stroke = rainbow * 0.75 + 0.25  # paled, so its blue glows on the black too
    angle = random.uniform(0, np.pi)
    along = (np.cos(angle) * rows + np.sin(angle) * columns) / max(shape)
    gloss = np.exp(-((along - random.uniform(along.min(), along.max())) / random.uniform(0.08, 0.2)) ** 2)
    lcd = _mix(np.ones(shape + (3,)) * dark, writing * random.uniform(0.8, 0.95), stroke) + (gloss * 0.15)[..., None]
    rgb = _mix(rgb, glass, lcd)
    return _on_ground(rgb, cover, writing, _desk, random, turn=15, share=(0.6, 0.9))


def _price_tag(ink, digit, random):
    """A price in marker on a manila swing tag (a jumble sale's, a market stall's): buff card 1.6-2.2 digit heights
    tall, the corners of its end by the hole cut off, a paler reinforcing ring round the hole, a cotton string
    threaded through it lying loose on the table beside; on wood, cloth or stone, turned up to 30 degrees,
    photographed (no longer than 4:3)."""
    ink = _surround(ink, np.zeros(4))
    spare = digit * random.uniform(1.6, 2.2) - ink.shape[0]
    above = spare * random.uniform(0.35, 0.65)
    string_room, hole_room = digit * random.uniform(1.5, 3), digit * random.uniform(0.9, 1.2)
    writing = _surround(ink, (above, spare - above, string_room + hole_room, digit * random.uniform(0.3, 0.6)))
    shape = writing.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    cut = shape[0] * random.uniform(0.2, 0.35)
    from_end = columns - string_room
    tag = np.clip(np.minimum(from_end, np.minimum(from_end + rows, from_end + shape[0] - 1 - rows) - cut) + 0.5, 0, 1)
    hole = np.array([shape[0] / 2, string_room + hole_room * 0.4])
    from_hole = np.hypot(rows - hole[0], columns - hole[1])
    tag *= np.clip(from_hole - digit * 0.08 + 0.5, 0, 1)
    ring = np.clip(digit * 0.17 - from_hole + 0.5, 0, 1) * tag
    card = np.array([0.9, random.uniform(0.8, 0.85), random.uniform(0.6, 0.68)]) * random.uniform(0.9, 1.02)
    card = _mix(np.ones(shape + (3,)) * card, ring, np.array([0.96, 0.94, 0.88]))
    card = _mix(card, np.clip(writing * 1.2, 0, 1) * random.uniform(0.85, 0.95), np.full(3, 0.07))
    wander = np.cumsum(random.normal(0, 1, (8, 2)), 0) * digit * 0.1
    length = hole[1] * random.uniform(0.7, 0.95)  # from the hole towards the picture's side, ending short of it
    path = hole + np.linspace(0, 1, 8)[:, None] * np.array([random.uniform(-0.15, 0.15), -1]) * length
    string = _lines_on(shape, [np.clip(path + wander - wander[0], 0, np.array(shape) - 1)], digit * 0.05)
    cover = tag * (1 - string) + string
    twine = np.array([(0.95, 0.93, 0.88), (0.8, 0.15, 0.15), (0.85, 0.75, 0.55)][random.integers(3)])
    layer = _mix(card, string, twine)
    angle = random.uniform(-30, 30)
    turned = ndimage.rotate(cover, angle, axes=(1, 0), order=1).shape
    margins = _photo_shaped(digit * random.uniform(0.4, 1.2, 4), turned)
    photo, _ = _lay(layer * cover[..., None], cover, writing, angle, margins, _desk, random)
    return _snapshot(photo, random)


def _folded(ink, digit, random):
    """A number on a page that was folded in half and opened out again on a desk: the crease runs through the number,
    up and down between or through its digits, or along through their middles; the half past it rises towards the
    camera a little (foreshortened 3-8% across the crease, 1-3% larger along it) and is turned from the light or
    towards it (15-30% darker or 5-12% brighter); a thin bright ridge and a dark groove along the crease."""
    page = _surround(ink, digit * random.uniform(0.5, 1.1, 4))
    across = random.random() < 0.6  # the crease up and down, across the number (else along it)
    page = page if across else page.T
    shape = page.shape
    inked = np.nonzero(page.max(axis=0) > 0.05)[0]
    crease = inked.min() + np.ptp(inked) * random.uniform(0.35, 0.65)
    rows, columns = np.indices(shape, dtype=np.float32)
    past = np.clip((columns - crease) / (shape[1] - crease), 0, 1)  # 0 this side, 1 at the far edge
    source_columns = np.where(columns > crease, crease + (columns - crease) / (1 - random.uniform(0.03, 0.08)), columns)
    source_rows = shape[0] / 2 + (rows - shape[0] / 2) / (1 + random.uniform(0.01, 0.03) * past)
    page = ndimage.map_coordinates(page, [source_rows, source_columns], order=1)
    turn = random.uniform(-0.3, -0.15) if random.random() < 0.7 else random.uniform(0.05, 0.12)
    light = (1 + turn * np.clip(columns - crease + 0.5, 0, 1) + 0.1 * np.exp(-((columns - crease + 1.5) / 1.2) ** 2)
             - 0.15 * np.exp(-((columns - crease - 0.5) / 1.2) ** 2))
    sheet = _page(page, random) * light[..., None]
    if not across:
        page, sheet = page.T, sheet.transpose(1, 0, 2)
    rgb, _ = _lay(sheet, np.ones(page.shape), page, random.uniform(-10, 10), digit * random.uniform(0.5, 1.3, 4), _desk,
                  random)
    return _snapshot(rgb, random)


def _stamped(digit, random):
    """No digit: 1-2 rubber stamp prints on a page (plain or ruled) lying on a desk: see _stamp; photographed."""
    prints = [_stamp(digit, random) for _ in range(int(random.integers(1, 3)))]
    gap = int(digit * random.uniform(0.3, 1))
    if random.random() < 0.5:  # side by side, or one above the other
        ink = _line_up(prints, random) if len(prints) > 1 else prints[0]
    else:
        width = max(part.shape[1] for part in prints)
        ink = np.concatenate([np.pad(part, [(0, gap), (0, width - part.shape[1])]) for part in prints])
    page = _surround(ink, digit * random.uniform(0.5, 1.2, 4))
    sheet = _page(np.zeros(page.shape), random)
    if random.random() < 0.5:
        rules, _ = _ruled(page.shape, random.uniform(0, digit), digit * random.uniform(0.5, 0.8), random)
        sheet = _mix(sheet, rules, np.array([0.45, 0.6, 0.9]))
    colour = np.array([(0.75, 0.12, 0.15), (0.15, 0.25, 0.65), (0.45, 0.2, 0.6), (0.1, 0.1, 0.12)][random.integers(4)])
    rgb, _ = _lay(_mix(sheet, page, colour), np.ones(page.shape), page, random.uniform(-10, 10),
                  digit * random.uniform(0.4, 1.2, 4), _desk, random)
    return _snapshot(rgb, random)


def _stamp(digit, random):
    """One rubber stamp's print, 1.5-3 digit heights wide, turned up to 25 degrees: a word (PAID, RECEIVED, COPY ...)
    in a double-lined box, or a round stamp (two rings, a star above the word across its middle); inked unevenly
    (blotchy, fading out on the side pressed too lightly, the rubber's grain): 0..1."""
    size, word = digit * random.uniform(1.5, 3), str(random.choice(_STAMP_WORDS))
    line = max(2, int(size * 0.025))
    if random.random() < 0.5:
        font = ImageFont.load_default(int(size * 0.75 / ImageFont.load_default(100).getlength(word) * 100))
        width, height = font.getlength(word) + font.size, font.size * 1.8
        picture = Image.new("L", (int(width) + 2 * line, int(height) + 2 * line))
        pencil = ImageDraw.Draw(picture)
        pencil.rectangle((line, line, width + line, height + line), outline=255, width=line)
        pencil.rectangle((3 * line, 3 * line, width - line, height - line), outline=255, width=max(1, line // 2))
    else:
        font = ImageFont.load_default(int(size * 0.55 / ImageFont.load_default(100).getlength(word) * 100))
        picture = Image.new("L", (int(size) + 2 * line,) * 2)
        pencil = ImageDraw.Draw(picture)
        pencil.ellipse((line, line, size + line, size + line), outline=255, width=line)
        pencil.ellipse((4 * line, 4 * line, size - 2 * line, size - 2 * line), outline=255, width=max(1, line // 2))
        points = np.arange(10) * np.pi / 5 - np.pi / 2
        reach = np.where(np.arange(10) % 2, 0.06, 0.15) * size
        star = np.stack([size / 2 + line + reach * np.cos(points), size * 0.3 + line + reach * np.sin(points)], 1)
        pencil.polygon([tuple(point) for point in star], fill=255)
    pencil.text((picture.width / 2, picture.height / 2), word, fill=255, font=font, anchor="mm")
    picture = picture.rotate(random.uniform(-25, 25), Image.Resampling.BICUBIC, expand=True)
    stamped = np.asarray(picture, np.float32) / 255
    blotches = ndimage.gaussian_filter(random.normal(0, 1, stamped.shape), size * 0.05)
    axis = int(random.integers(2))  # pressed lightly on one side: fading out across the print
    fading = np.linspace(random.uniform(0.45, 0.6), 1, stamped.shape[axis])[::random.choice([-1, 1])]
    grain = ndimage.gaussian_filter(random.random(stamped.shape), 0.7)
    uneven = np.clip(0.85 + 0.25 * blotches / blotches.std(), 0, 1) * (0.75 + 0.25 * grain / grain.max())
    return stamped * uneven * fading.reshape((-1, 1) if axis == 0 else (1, -1))



# The twelfth family: made, like the eighth to the eleventh, by someone who never ran the course's preprocessing:
# digits on other surfaces than paper (sand, a wall, a banana's peel, a cake, a coffee cup, asphalt), a shared photo's
# filter, a projection on a classroom screen, a blank among a newspaper's columns; its numbers written unevenly, some
# digits touching; with no digit, a game of hangman.
TWELFTH_KINDS = ("sand", "spray_paint", "retro_filter", "projector", "newspaper", "banana", "number_cake", "number_cup",
                 "number_pavement", "none_hangman")
KIND_SETS["twelfth"] = TWELFTH_KINDS
_TWELFTH_PENS = {"sand": (0.1, 0.14), "spray_paint": (0.05, 0.08), "banana": (0.06, 0.09), "number_cake": (0.09, 0.13),
                 "number_cup": (0.07, 0.1), "number_pavement": (0.08, 0.12)}
# pen (a fingertip, a spray can, a marker, an icing bag's nozzle, chalk) width / digit height; the others 0.05-0.09
_CHALKS = ((0.95, 0.95, 0.92), (0.98, 0.6, 0.75), (0.98, 0.9, 0.45), (0.55, 0.8, 0.98), (0.6, 0.92, 0.6))
# white, pink, yellow, blue, green


def _twelfth(kind, source, random):
    """One picture of a twelfth-family kind: (PIL image, extension, save options, label)."""
    image, photo, label = _photographed(kind, source, random, _hangman, _TWELFTH_PENS, {
        "sand": _sand, "spray_paint": _spray_paint, "retro_filter": _retro_filter, "projector": _projector,
        "newspaper": _newspaper, "banana": _banana, "number_cake": _cake, "number_cup": _cup,
        "number_pavement": _pavement}, hurried=("number_cake", "number_cup", "number_pavement"))
    return image, "jpg", photo, label


def _uneven(pieces, label, random):
    """A number written by hand without care: the baseline wandering (4% of the height a digit), each gap its own:
    about a third of the neighbours touching (slid together until their strokes meet, then up to 2% of the height
    further; the slide stops at 10% of the height, as deeper one digit would tuck under the other), a third nearly
    touching (3-8% of the taller apart), the rest 15-60% apart; a 1 keeps 10-25% of the height from its neighbours
    (pushed against one it reads as a stroke of it); half the tallest digit of paper round: ink."""
    height = max(piece.shape[0] for piece in pieces)
    lifts = np.cumsum(random.normal(0, 0.04 * height, len(pieces)))
    lifts = np.round(lifts - lifts.min()).astype(int)
    gaps = []
    for place, (left, right) in enumerate(zip(pieces, pieces[1:])):
        tall, way = max(left.shape[0], right.shape[0]), random.random()
        if "1" in label[place:place + 2]:
            gaps.append(tall * random.uniform(0.1, 0.25))
        elif way < 1 / 3:
            gaps.append(-min(_apart(left, right, lifts[place] - lifts[place + 1]), 0.1 * tall)
                        - tall * random.uniform(0, 0.02))
        else:
            gaps.append(tall * (random.uniform(0.03, 0.08) if way < 2 / 3 else random.uniform(0.15, 0.6)))
    return np.max(_spaced(pieces, gaps, lifts), 0)


def _apart(left, right, rise):
    """How far apart (px) the strokes of two digits side by side with no gap between their boxes are at their
    nearest, the left one's bottom `rise` px above the right one's (inf if no row has ink of both)."""
    lifts = np.array([rise, 0]) - min(rise, 0)
    bottom = max(left.shape[0] + lifts[0], right.shape[0] + lifts[1])
    rows = [np.pad(piece > 0.3, [(bottom - piece.shape[0] - lift, lift), (0, 0)])
            for piece, lift in zip((left, right), lifts)]
    both = rows[0].any(1) & rows[1].any(1)
    if not both.any():
        return np.inf
    return float(np.min((np.argmax(rows[0][:, ::-1], 1) + np.argmax(rows[1], 1))[both]))


def _relief(surface, angle):
    """The light on a surface (its heights, px) from a low sun `angle` radians round (0: from the left), as a slope's
    steepness towards it: 1 where flat."""
    slope_rows, slope_columns = np.gradient(surface)
    return 1 + np.cos(angle) * slope_columns + np.sin(angle) * slope_rows


def _sand(ink, digit, random):
    """A digit drawn with a fingertip in damp sand on a beach, photographed from above in low sun: the groove's sides
    lit on one side and in shade on the other, its bottom darker (wetter), the sand pushed up in a low bank along
    it; wind ripples 0.25-0.45 digit heights apart; the grains' light and dark specks."""
    ground = _surround(ink, digit * random.uniform(0.6, 1.3, 4))
    shape = ground.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    groove = ndimage.gaussian_filter(ground, digit * 0.02)
    bank = ndimage.gaussian_filter(ground, digit * 0.05)
    angle = random.uniform(0, np.pi)
    across = (np.cos(angle) * rows + np.sin(angle) * columns) / (digit * random.uniform(0.25, 0.45))
    wobble = ndimage.gaussian_filter(random.normal(0, 1, shape), digit * 0.3)
    ripples = np.sin(2 * np.pi * across + 2 * wobble / wobble.std())
    surface = digit * (0.05 * bank - 0.08 * groove + random.uniform(0.004, 0.008) * ripples)
    light = np.clip(_relief(surface, random.uniform(0, 2 * np.pi)), 0.4, 1.5) * (1 - random.uniform(0.2, 0.35) * groove)
    grains = ndimage.gaussian_filter(random.normal(0, 1, shape), 0.7)
    sand = np.array([0.86, 0.76, 0.58]) * random.uniform(0.85, 1.05) * (1 + 0.1 * grains / grains.std())[..., None]
    return _snapshot(sand * light[..., None], random)


def _spray_paint(ink, digit, random):
    """A digit sprayed from a can on a wall (a house number, a bin's): a soft-edged line, a haze of overspray 0.05-0.1
    digit heights wide round it, flecked with droplets; 0-2 drips running down from the foot of a stroke, where the
    paint pooled; on brick (courses 0.25-0.35 digit heights, each brick its own shade, pale mortar) in black, white
    or blue, or on rough grey concrete in black, red, blue or green."""
    wall = _surround(ink, digit * random.uniform(0.6, 1.3, 4))
    shape = wall.shape
    rows, columns = np.indices(shape, dtype=np.float32)
    haze = ndimage.gaussian_filter(wall, digit * random.uniform(0.05, 0.1))
    haze = haze / haze.max() * random.uniform(0.35, 0.55)
    droplets = (random.random(shape) < haze * 0.3) * random.uniform(0.3, 0.8)
    inked = np.nonzero(wall.max(0) > 0.8)[0]
    lowest = [(shape[0] - 1 - np.argmax(wall[::-1, column] > 0.8), column) for column in inked]  # nothing below
    drips = [np.array([start, start + (digit * random.uniform(0.15, 0.5), 0)])
             for start in np.array(lowest)[random.integers(len(lowest), size=int(random.integers(3)))]]
    paint = np.maximum(ndimage.gaussian_filter(wall, digit * 0.01) * 1.2, haze + droplets)
    if drips:
        paint = np.maximum(paint, _lines_on(shape, drips, digit * 0.025))
    texture = ndimage.gaussian_filter(random.normal(0, 1, shape), 1)
    if random.random() < 0.5:
        course = digit * random.uniform(0.25, 0.35)
        length = course * random.uniform(2.2, 3)
        row = rows // course
        along = (columns + (row % 2) * length / 2) / length
        brick = random.uniform(0.8, 1.1, (int(row.max()) + 1, int(along.max()) + 1))[row.astype(int), along.astype(int)]
        mortar = ((np.abs(rows / course - np.round(rows / course)) * course < course * 0.08)
                  | (np.abs(along - np.round(along)) * length < course * 0.08))
        colour = np.array([(0.62, 0.3, 0.22), (0.55, 0.35, 0.25), (0.7, 0.45, 0.3)][random.integers(3)])
        rgb = np.where(mortar[..., None], np.array([0.75, 0.72, 0.66]), colour * brick[..., None])
        paints = ((0.07, 0.07, 0.08), (0.95, 0.95, 0.93), (0.1, 0.2, 0.6))
    else:
        blotches = ndimage.gaussian_filter(random.normal(0, 1, shape), digit * 0.15)
        rgb = np.ones(shape + (3,)) * random.uniform(0.55, 0.72) * (1 + 0.06 * blotches / blotches.std())[..., None]
        paints = ((0.07, 0.07, 0.08), (0.75, 0.1, 0.1), (0.1, 0.2, 0.6), (0.1, 0.5, 0.2))
    rgb = rgb * (1 + 0.08 * texture / texture.std())[..., None]
    return _snapshot(_mix(rgb, np.clip(paint, 0, 1), np.array(paints[random.integers(len(paints))])), random)


def _retro_filter(ink, digit, random):
    """The writing on a page on a desk, photographed and shared through a phone app's "vintage" filter: the blacks
    lifted to a faded grey (15-25%), the whites dulled, shadows tinted teal and highlights warm, a heavy vignette,
    coarse film grain and an orange light leak from one edge."""
    page = _surround(ink, digit * random.uniform(0.5, 1.1, 4))
    photo = np.asarray(_on_ground(_page(page, random), np.ones(page.shape), page, _desk, random, turn=10,
                                  share=(0.5, 0.9)), np.float32) / 255
    rows, columns = np.indices(photo.shape[:2], dtype=np.float32)
    lift = random.uniform(0.15, 0.25)
    faded = lift + (random.uniform(0.85, 0.95) - lift) * photo
    bright = faded.mean(-1, keepdims=True)
    tinted = faded * (np.array([0.9, 1, 1.06]) + bright * (np.array([1.08, 1, 0.86]) - np.array([0.9, 1, 1.06])))
    distance = np.hypot(rows / photo.shape[0] - 0.5, columns / photo.shape[1] - 0.5) / np.sqrt(0.5)
    vignette = 1 - random.uniform(0.3, 0.5) * distance ** 2
    grain = ndimage.gaussian_filter(random.normal(0, 1, photo.shape[:2]), 0.8)
    side = int(random.integers(4))
    edge = (rows, photo.shape[0] - 1 - rows, columns, photo.shape[1] - 1 - columns)[side] / max(photo.shape[:2])
    leak = random.uniform(0.2, 0.4) * np.exp(-edge / random.uniform(0.1, 0.25))
    rgb = (tinted * vignette[..., None] + random.uniform(0.02, 0.04) * (grain / grain.std())[..., None]
           + leak[..., None] * np.array([1, 0.5, 0.15]))
    return _rgb(rgb)


def _projector(ink, digit, random):
    """A page under a classroom visualiser (a document camera), projected on a screen and photographed from a desk in
    the room: the projected page washed out (the room's light lifting its blacks to 25-40% of its white), brightest
    in its middle, a little soft; the screen's matt white edge round it, lit only by the room, the dim wall beyond;
    seen from below or from one side (one side of the picture 5-12% nearer)."""
    page = _surround(ink, digit * random.uniform(0.6, 1.2, 4))
    shown = ndimage.gaussian_filter(_page(page, random), (digit * 0.012, digit * 0.012, 0))
    rows, columns = np.indices(page.shape, dtype=np.float32)
    distance = np.hypot(rows / page.shape[0] - 0.5, columns / page.shape[1] - 0.5) / np.sqrt(0.5)
    room = random.uniform(0.25, 0.4)
    shown = room + (1 - room) * shown * (1 - random.uniform(0.2, 0.35) * distance ** 2)[..., None]
    border = int(digit * random.uniform(0.2, 0.5))
    screen = np.pad(shown, [(border, border), (border, border), (0, 0)], constant_values=room)
    wall = tuple(int(digit * random.uniform(0.3, 0.8)) for _ in range(4))
    photo = np.pad(screen, [wall[:2], wall[2:], (0, 0)], constant_values=random.uniform(0.08, 0.16))
    tint = np.array([1, random.uniform(0.95, 1), random.uniform(0.85, 1)])  # the projector's lamp
    photo = _at_angle(photo * tint, random.uniform(0.05, 0.12), int(random.choice([1, 2, 3])))
    return _snapshot(photo, random)


def _newspaper(ink, digit, random):
    """Ballpoint in a blank space on a newspaper page (a puzzle's, an advert's, a column's end): greyish newsprint,
    columns of small print (0.15-0.22 digit heights) all round the space, their lines stopping 0.5-0.9 digit heights
    from the writing, a thin rule between the columns; lying on a desk, photographed."""
    page = _surround(ink, digit * np.array([*random.uniform(0.9, 1.5, 2), *random.uniform(1.2, 3.2, 2)]))
    shape = page.shape
    inked = np.nonzero(page > 0.05)
    clear = digit * random.uniform(0.5, 0.9)
    space = (inked[0].min() - clear, inked[0].max() + clear, inked[1].min() - clear, inked[1].max() + clear)
    font = ImageFont.load_default(int(digit * random.uniform(0.15, 0.22)))
    column, step = int(digit * random.uniform(2, 3)), font.size * random.uniform(1.2, 1.4)
    text = Image.new("L", shape[::-1])
    pencil = ImageDraw.Draw(text)
    for left in range(-int(column * random.uniform(0, 0.8)), shape[1], column):  # the page cut across a column
        for top in np.arange(font.size, shape[0] - font.size, step):
            if top + step > space[0] and top < space[1] and left + column > space[2] and left < space[3]:
                continue  # the line would run into the space
            words = []
            while font.getlength(" ".join(words)) < column * 0.9:
                words.append(str(random.choice(_WORDS)))
            pencil.text((left, top), " ".join(words[:-1]), fill=255, font=font)
        pencil.line((left - font.size * 0.5, 0, left - font.size * 0.5, shape[0]), fill=160)
    printed = np.asarray(text, np.float32) / 255 * random.uniform(0.75, 0.9)
    printed[max(0, int(space[0])):int(space[1]), max(0, int(space[2])):int(space[3])] = 0  # no rule through it
    paper = np.array([0.86, 0.85, 0.8]) * random.uniform(0.9, 1.05)
    rgb = _write_on(_mix(np.ones(shape + (3,)) * paper, printed, np.full(3, 0.12)), page, random)
    return _on_ground(rgb, np.ones(shape), page, _desk, random, turn=10, share=(0.7, 0.95))


def _round_surface(flat, radius, lean):
    """A flat picture (rgb, its middle column facing the camera) wrapped round an upright cylinder `radius` px round,
    seen from `lean` radians above: column x (from the axis) shows the flat's column radius * asin(x / radius) from
    its middle, the rows sagging round the curve: (rgb 2 * radius wide, each column's angle round from the camera)."""
    rows, columns = np.indices((flat.shape[0], 2 * int(radius)), dtype=np.float32)
    angle = np.arcsin(np.clip((columns + 0.5 - radius) / radius, -1, 1))
    where = [rows - np.sin(lean) * radius * (1 - np.cos(angle)), flat.shape[1] / 2 + radius * angle - 0.5]
    return np.stack([ndimage.map_coordinates(flat[..., channel], where, order=1, mode="nearest")
                     for channel in range(3)], -1), angle[0]


def _banana(ink, digit, random):
    """A digit in marker on a banana's peel (a lunchbox's mark): the yellow skin greener towards the stalk, brown
    flecks; the writing bent round the fruit (at most 30-40 degrees round from the camera at its ends), the peel
    shaded towards its sides and along a ridge; lying across the picture on a desk, photographed from above."""
    gaps = digit * random.uniform(0.2, 0.4, 4)
    gaps[2:] = digit * random.uniform(0.8, 2, 2)
    skin = _surround(ink, gaps).T  # the banana's length down, to wrap it round an upright cylinder
    radius = skin.shape[1] / 2 / random.uniform(0.55, 0.7)
    skin = np.pad(skin, [(0, 0), (int(radius),) * 2])  # peel round to the sides
    along = np.indices(skin.shape, dtype=np.float32)[0] / skin.shape[0]
    ripe = np.clip(along * random.choice([-1, 1]) + random.uniform(0.6, 1.2), 0, 1)
    peel = np.array([0.55, 0.7, 0.2]) + ripe[..., None] * (np.array([0.93, 0.8, 0.2]) - np.array([0.55, 0.7, 0.2]))
    flecks = ndimage.gaussian_filter(random.normal(0, 1, skin.shape), digit * 0.02)
    flecks = np.clip((flecks - np.quantile(flecks, 0.97)) / flecks.std() * 2, 0, 1)
    peel = _mix(peel, flecks, np.array([0.4, 0.25, 0.1]))
    flat = _mix(peel, np.clip(skin * 1.2, 0, 1), np.full(3, 0.07))
    rgb, angle = _round_surface(flat, radius, random.uniform(0, 0.3))
    light = 0.5 + 0.5 * np.cos(angle - random.uniform(-0.5, 0.5)) - 0.1 * np.exp(-((angle - 0.4) / 0.08) ** 2)
    rgb = (rgb * light[None, :, None]).transpose(1, 0, 2)
    ground = _desk((int(rgb.shape[0] * random.uniform(1.5, 2.2)), rgb.shape[1]), random)
    top = int(random.integers(ground.shape[0] - rgb.shape[0]))
    ground[top:top + rgb.shape[0]] = rgb
    return _snapshot(ground, random)


def _cake(ink, digit, random):
    """A number piped in icing on a cake (an age, a year; round, or oblong with round ends for a long number): rounded
    glossy strokes lit from one side, a highlight along their tops, in a colour that stands out from the frosting
    (chocolate on white or pink, white or pink on chocolate, red, blue or green on white); a piped border of shells
    round the cake's rim, 0.5 digit heights or more from the writing; on a table, photographed from above."""
    gaps = digit * random.uniform(0.8, 1.3, 4)
    top = _surround(ink, gaps)
    shape = top.shape
    cover = _rounded_box(shape, (0, shape[0], 0, shape[1]), min(shape) / 2)
    rows, columns = np.indices(shape, dtype=np.float32)
    inside = ndimage.distance_transform_edt(np.pad(cover > 0.5, 1))[1:-1, 1:-1]  # to the rim, not the array's edge
    shell = digit * random.uniform(0.12, 0.18)
    turn = np.arctan2(rows - shape[0] / 2, columns - shape[1] / 2) * (shape[0] + shape[1]) / 4 / shell
    border = np.exp(-((inside - shell) / (shell * 0.6)) ** 2) * (0.6 + 0.4 * np.cos(2 * np.pi * turn))
    piped = ndimage.gaussian_filter(top, digit * 0.02)
    light = np.clip(_relief(digit * 0.12 * (piped + border), random.uniform(0, 2 * np.pi)), 0.5, 1.4)
    frostings = ((0.97, 0.95, 0.9), (0.97, 0.8, 0.85), (0.35, 0.2, 0.12))
    frosting = int(random.integers(3))
    icings = (((0.35, 0.2, 0.12), (0.8, 0.1, 0.15), (0.15, 0.3, 0.75), (0.15, 0.55, 0.25)), ((0.35, 0.2, 0.12),),
              ((0.97, 0.95, 0.9), (0.97, 0.7, 0.8)))[frosting]
    icing = np.clip(piped * 1.5, 0, 1)
    rgb = _mix(np.ones(shape + (3,)) * frostings[frosting], np.clip(border * 1.5, 0, 1), np.array(frostings[frosting]))
    rgb = _mix(rgb, icing, np.array(icings[random.integers(len(icings))])) * light[..., None]
    shine = np.clip(light - 1.15, 0, 1) * 2 * np.maximum(icing, border)
    return _on_ground(_mix(rgb, shine, np.ones(3)), cover, top, _desk, random, turn=10, share=(0.75, 0.9))


def _cup(ink, digit, random):
    """A number in marker on a takeaway coffee cup (an order's number), white or brown paper: the writing bent round
    the cup (its ends 30-40 degrees round from the camera, foreshortened, the lines sagging as seen from a little
    above), the cup lit from one side and darker towards its other, a bright sheen down it; the cup filling the
    picture's height, a café out of focus either side."""
    writing = _surround(ink, digit * np.array([*random.uniform(0.8, 2, 2), 0.4, 0.4]))
    paper = np.array([(0.96, 0.96, 0.94), (0.72, 0.56, 0.4)][random.integers(2)]) * random.uniform(0.9, 1)
    flat = _mix(np.ones(writing.shape + (3,)) * paper, np.clip(writing * 1.2, 0, 1) * 0.95, np.full(3, 0.07))
    inked = np.nonzero(writing.max(0) > 0.05)[0]
    radius = max(inked.max() - writing.shape[1] / 2, writing.shape[1] / 2 - inked.min()) / random.uniform(0.5, 0.7)
    rgb, angle = _round_surface(np.pad(flat, [(0, 0), (int(radius), int(radius)), (0, 0)], mode="edge"), radius,
                                random.uniform(0.1, 0.4))
    sun = random.uniform(-0.8, 0.8)
    light = 0.55 + 0.45 * np.cos(angle - sun) + 0.15 * np.exp(-((angle - sun / 2) / 0.1) ** 2)
    side = int(radius * random.uniform(0.3, 0.7))
    background = _room((rgb.shape[0], rgb.shape[1] + 2 * side), random)
    background[:, side:side + rgb.shape[1]] = rgb * light[None, :, None]
    return _snapshot(background, random)


def _pavement(ink, digit, random):
    """A number in coloured chalk on asphalt (a game's score, a hopscotch's), photographed standing over it: the chalk
    caught only on the stones' tops (grainy, patchy strokes), the asphalt dark grey with light and dark stones of
    a few sizes; seen at an angle, the near (bottom) side 8-16% larger; the sun's warm cast."""
    near = random.uniform(0.08, 0.16)
    box = _surround(ink, np.zeros(4))
    ground = _surround(box, _widened_for_angle(digit * random.uniform(0.5, 1, 4), box.shape, near, 1))
    shape = ground.shape
    rgb = np.ones(shape + (3,)) * random.uniform(0.22, 0.35)
    tops = np.zeros(shape)
    for size, share in ((0.8, 0.15), (1.5, 0.08), (3, 0.03)):
        stones = ndimage.gaussian_filter(random.normal(0, 1, shape), size)
        stone = np.clip((stones - np.quantile(stones, 1 - share)) / stones.std() * 3, 0, 1)
        tops = np.maximum(tops, stone)
        rgb = _mix(rgb, stone, np.full(3, random.choice([0.12, 0.5])))
    grain = ndimage.gaussian_filter(random.normal(0, 1, shape), 0.7)
    caught = np.clip(ground * (0.6 + 0.5 * tops + 0.35 * grain / grain.std()), 0, 1)
    rgb = _mix(rgb, caught * random.uniform(0.8, 0.95), np.array(_CHALKS[random.integers(len(_CHALKS))]))
    return _snapshot(_at_angle(rgb * np.array([1, 0.98, random.uniform(0.9, 1)]), near, 1), random)


def _hangman(digit, random):
    """No digit: a game of hangman on a page: the gallows (a base, a post, a beam, a rope) 1.5-2.2 digit heights tall,
    0-6 parts of the stick figure (head, body, arms, legs), a row of 4-9 dashes for the word's letters beneath; in
    ballpoint, the lines wobbling; photographed."""
    size = digit * random.uniform(1.5, 2.2)
    circle = np.linspace(0, 2 * np.pi, 40)
    gallows = [((1, 0), (1, 0.6)), ((1, 0.15), (0, 0.15)), ((0, 0.15), (0, 0.7)), ((0, 0.7), (0.15, 0.7))]
    figure = [np.stack([0.25 + 0.1 * np.sin(circle), 0.7 + 0.1 * np.cos(circle)], 1), ((0.35, 0.7), (0.65, 0.7)),
              ((0.42, 0.7), (0.55, 0.55)), ((0.42, 0.7), (0.55, 0.85)), ((0.65, 0.7), (0.85, 0.58)),
              ((0.65, 0.7), (0.85, 0.82))]
    letters = int(random.integers(4, 10))
    dashes = [((1.3, 0.2 * place), (1.3, 0.2 * place + 0.13)) for place in range(letters)]
    paths = [np.asarray(path, float) for path in gallows + figure[:int(random.integers(0, 7))] + dashes]
    paths = [np.linspace(path[0], path[1], 20) if len(path) == 2 else path for path in paths]  # points to wobble
    paths = [(path + ndimage.gaussian_filter1d(random.normal(0, 0.012, path.shape), 3, axis=0)) * size
             for path in paths]
    return _plain_photo(_pen_paths(paths, digit * random.uniform(0.04, 0.07)), digit, random)

def _lines_on(shape, paths, width):
    """A pen line `width` px wide along each path ([(row, column), ...]) over `shape`, drawn at twice the size
    and halved (smooth edges): ink 0..1."""
    picture = Image.new("L", (2 * shape[1], 2 * shape[0]))
    for path in paths:
        ImageDraw.Draw(picture).line([(2 * column, 2 * row) for row, column in path], fill=255,
                                     width=max(1, round(2 * width)), joint="curve")
    return np.asarray(picture.resize(shape[::-1], Image.Resampling.BOX), np.float32) / 255


def _turned(points, angle):
    """The points (row, column) turned `angle` degrees about (0, 0)."""
    cos, sin = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    return points @ np.array([[cos, sin], [-sin, cos]])


def _pen_paths(paths, width):
    """A pen line `width` px wide along each path ([(row, column), ...]), drawn at twice the size and
    halved (smooth edges): ink 0..1, a pen's width of paper round it."""
    points = np.concatenate(paths)
    low = points.min(0) - width - 2
    picture = Image.new("L", tuple(int(2 * side) for side in (points.max(0) - low + width + 2)[::-1]))
    for path in paths:
        ImageDraw.Draw(picture).line([(2 * (column - low[1]), 2 * (row - low[0])) for row, column in path], fill=255,
                                     width=max(1, round(2 * width)), joint="curve")
    picture = picture.resize((picture.width // 2, picture.height // 2), Image.Resampling.BOX)
    return np.asarray(picture, np.float32) / 255


def _surround(ink, gaps):
    """The writing cut to its ink, then `gaps` px (top, bottom, left, right) of paper round it."""
    rows, columns = np.nonzero(ink > 0.05)
    ink = ink[rows.min():rows.max() + 1, columns.min():columns.max() + 1]
    return np.pad(ink, [(int(gaps[0]), int(gaps[1])), (int(gaps[2]), int(gaps[3]))])


def _page(ink, random):
    """The writing on plain paper (white, cream or light grey): rgb."""
    paper = np.array([(0.97, 0.97, 0.95), (0.97, 0.94, 0.85), (0.85, 0.85, 0.84)][random.integers(3)])
    return _write_on(np.ones(ink.shape + (3,)) * paper * random.uniform(0.85, 1), ink, random)


def _write_on(rgb, ink, random):
    """The writing (1 = ink) over rgb, in black or blue ballpoint."""
    pen = np.array([(0.08, 0.08, 0.1), (0.1, 0.15, 0.55)][random.integers(2)])
    return _mix(rgb, ink * random.uniform(0.85, 1), pen)


def _inset(box, by):
    """The box (top, bottom, left, right) `by` px smaller on every side."""
    return box[0] + by, box[1] - by, box[2] + by, box[3] - by


def _rounded_box(shape, box, radius):
    """A box (top, bottom, left, right) with corners `radius` px round, anti-aliased, over `shape`: 0..1."""
    rows, columns = np.indices(shape, dtype=np.float32) + 0.5
    top, bottom, left, right = box
    down = np.abs(rows - (top + bottom) / 2) - (bottom - top) / 2 + radius
    across = np.abs(columns - (left + right) / 2) - (right - left) / 2 + radius
    outside = np.hypot(np.maximum(down, 0), np.maximum(across, 0)) + np.minimum(np.maximum(down, across), 0) - radius
    return np.clip(0.5 - outside, 0, 1)


def _lay(layer, cover, ink, angle, margins, ground, random, shadow=0.45):
    """Lay a thing (its premultiplied rgb `layer`, its `cover` 0..1 and the ink on it) turned `angle`
    degrees on the ground (ground(shape, random): rgb), with `margins` px of ground round its turned
    box (top, bottom, left, right; below 0 the picture cuts it there); its soft shadow falls down and
    right: (rgb, the ink where it lies in the picture)."""
    parts = [_margins(np.clip(ndimage.rotate(part, angle, axes=(1, 0), order=1), 0, 1), margins)
             for part in (layer, cover, ink)]
    size = max(cover.shape)
    fall = ndimage.shift(ndimage.gaussian_filter(parts[1], size * 0.012), size * 0.008 * np.ones(2), order=1)
    under = ground(parts[1].shape, random) * (1 - shadow * fall)[..., None]
    return under * (1 - parts[1][..., None]) + parts[0], parts[2]


def _margins(part, margins):
    """Pad (above 0) or cut (below 0) the part's sides by `margins` px: top, bottom, left, right."""
    top, bottom, left, right = (int(margin) for margin in margins)
    part = np.pad(part, [(max(0, top), max(0, bottom)), (max(0, left), max(0, right))] + [(0, 0)] * (part.ndim - 2))
    return part[max(0, -top):part.shape[0] - max(0, -bottom), max(0, -left):part.shape[1] - max(0, -right)]


def _desk(shape, random):
    """A desk's top: wood grain, a woven cloth or speckled stone, in one of a few colours: rgb."""
    rows, columns = np.indices(shape, dtype=np.float32)
    look = int(random.integers(3))
    noise = random.normal(0, 1, shape)
    if look == 0:
        tone = _wood_grain(noise, random)
        colours = ((0.6, 0.42, 0.26), (0.78, 0.62, 0.44), (0.38, 0.25, 0.17))
    elif look == 1:  # threads across and down
        period = random.uniform(3, 6)
        blotches = ndimage.gaussian_filter(noise, 8)
        tone = 1 + 0.07 * np.sin(2 * np.pi * rows / period) * np.sin(2 * np.pi * columns / period) + (
            0.04 * blotches / blotches.std())
        colours = ((0.3, 0.35, 0.5), (0.55, 0.5, 0.45), (0.35, 0.45, 0.35))
    else:
        specks = ndimage.gaussian_filter(noise, 1.2)
        tone = 1 + 0.12 * specks / specks.std()
        colours = ((0.45, 0.45, 0.47), (0.25, 0.24, 0.24), (0.7, 0.68, 0.64))
    return np.array(colours[random.integers(3)]) * tone[..., None] * random.uniform(0.85, 1.05)


def _wood_grain(noise, random):
    """Wood's long fibres (drawn out of the noise) and wavy growth rings along its boards: a tone about 1."""
    rows, columns = np.indices(noise.shape, dtype=np.float32)
    along_rows = random.random() < 0.5
    fibres = ndimage.gaussian_filter(noise, (25, 0.7) if along_rows else (0.7, 25))
    wave = ndimage.gaussian_filter(random.normal(0, 1, noise.shape), 30)
    rings = np.sin((columns if along_rows else rows) / random.uniform(5, 12) + 4 * wave / wave.std())
    return 1 + 0.08 * fibres / fibres.std() + 0.05 * rings


def _room(shape, random):
    """A room far behind, out of focus: large soft patches of muted colour: rgb."""
    patches = ndimage.gaussian_filter(random.normal(0, 1, shape), max(shape) * 0.08)
    tint = ndimage.gaussian_filter(random.normal(0, 1, shape + (3,)), (max(shape) * 0.1,) * 2 + (0,))
    return (random.uniform(0.3, 0.65, 3) + 0.15 * (patches / patches.std())[..., None]
            + 0.05 * tint / tint.std())


def _snapshot(rgb, random):
    """A phone's photo of the scene (rgb): light falling off one way, a warm or cool cast, the
    lens's softness, the sensor's noise: a PIL image."""
    rows, columns = np.indices(rgb.shape[:2], dtype=np.float32)
    angle = random.uniform(0, 2 * np.pi)
    slope = (np.cos(angle) * rows + np.sin(angle) * columns) / max(rgb.shape[:2])
    light = 1 - random.uniform(0.05, 0.2) * (slope - slope.min())
    cast = np.array([random.uniform(0.95, 1.03), 1, random.uniform(0.88, 1.02)])
    rgb = ndimage.gaussian_filter(rgb * light[..., None] * cast, (0.7, 0.7, 0))
    return _rgb(rgb + random.normal(0, 0.015, rgb.shape))


def _edge(ink, side, gap, beyond, tilt=0.0):
    """Crop or pad the ink so that a line along the picture's `side` (0 top, 1 bottom, 2 left, 3 right),
    turned `tilt` radians, passes `gap` px outside the writing and at least `beyond` px inside the
    picture's edge: (ink, px past that line towards the edge, px along the line)."""
    turn = (lambda a: a, lambda a: a[::-1], lambda a: a.T, lambda a: a.T[::-1])[side]  # the side on top
    back = (lambda a: a, lambda a: a[::-1], lambda a: a.T, lambda a: a[::-1].T)[side]
    ink = turn(ink)
    rows, columns = np.indices(ink.shape, dtype=np.float32)
    line = (rows * np.cos(tilt) + columns * np.sin(tilt))[ink > 0.05].min() - gap
    start = int(np.floor(min((line - beyond - column * np.sin(tilt)) / np.cos(tilt)
                             for column in (0, ink.shape[1] - 1))))
    ink = ink[start:] if start >= 0 else np.pad(ink, [(-start, 0), (0, 0)])
    rows, columns = np.indices(ink.shape, dtype=np.float32)
    rows += start
    past = line - (rows * np.cos(tilt) + columns * np.sin(tilt))
    along = columns * np.cos(tilt) - rows * np.sin(tilt)
    return back(ink), back(past), back(along)


def _at_angle(photo, near, side):
    """The photo (rgb) seen at an angle, its `side` (0 top, 1 bottom, 2 left, 3 right) nearer the camera: that side
    shows a stretch of the scene `near` of the picture's width or height shorter at each end, larger; the far side
    all of it."""
    height, width = photo.shape[:2]
    corners = np.array([[0, 0], [width, 0], [width, height], [0, height]], float)  # (x, y)
    moved = corners.copy()
    ends = ((0, 1), (3, 2), (0, 3), (1, 2))[side]
    axis, length = (0, width) if side < 2 else (1, height)
    moved[ends[0], axis] += near * length
    moved[ends[1], axis] -= near * length
    warp = transform.ProjectiveTransform.from_estimate(corners, moved)
    if not warp:  # from_estimate returns a false FailedEstimation instead of raising
        raise RuntimeError(f"at an angle: {warp}")
    return transform.warp(photo, warp, mode="edge")


def _mix(rgb, amount, colour):
    """Paint `colour` over rgb, `amount` (0..1 a pixel) of it."""
    return rgb * (1 - amount[..., None]) + colour * amount[..., None]


def _nib_sweep(x, y, right, down, broad, nib):
    """The outline of an elliptic flat nib, `broad` px from its middle to its tips, turned nib[0]
    radians and nib[1] times as thin as broad, swept from (x, y) by (right, down): [(x, y), ...]."""
    turns = np.linspace(0, 2 * np.pi, 24, endpoint=False)
    cos, sin = np.cos(nib[0]), np.sin(nib[0])
    along, across = broad * np.cos(turns), broad * nib[1] * np.sin(turns)
    points = np.stack([along * cos - across * sin, along * sin + across * cos], 1)
    normal_along, normal_across = np.cos(turns) / broad, np.sin(turns) / (broad * nib[1])
    ahead = ((normal_along * cos - normal_across * sin) * right + (normal_along * sin + normal_across * cos) * down) > 0
    start, end = np.array([x, y]), np.array([x + right, y + down])
    outline = []  # the half of the nib facing the move drawn at its end: the sweep's outline
    for point, facing, next_facing in zip(points, ahead, np.roll(ahead, -1)):
        outline.append(point + (end if facing else start))
        if facing != next_facing:
            outline.append(point + (start if facing else end))
    return [tuple(point) for point in outline]

def _gray(values):
    return Image.fromarray(np.round(np.clip(values, 0, 1) * 255).astype(np.uint8), mode="L")


def _rgb(values):
    return Image.fromarray(np.round(np.clip(values, 0, 1) * 255).astype(np.uint8), mode="RGB")


if __name__ == "__main__":
    cli.run(main)
