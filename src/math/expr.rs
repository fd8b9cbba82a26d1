//! A small expression language for typed custom surfaces `f(x, y)`.
//!
//! The source text goes through three stages, each a plain function of the previous one:
//!
//! 1. a hand-written tokenizer turns the text into tokens that remember their byte range,
//! 2. a precedence-climbing (Pratt) parser builds a syntax tree and reports the first error with
//!    its byte position,
//! 3. the tree is folded (constant sub-expressions are computed once) and flattened into a
//!    postfix (reverse Polish) program whose maximum stack depth is known before it runs.
//!
//! Evaluation is one loop over that program with a small fixed-size stack array, so
//! [`Expr::eval`] allocates nothing and a heatmap can call it hundreds of thousands of times.
//! [`Expr::eval_generic`] runs the very same program on any `num_dual` number type, which is how
//! [`crate::math::surfaces::Surface`] gets exact gradients and Hessians of a typed formula by
//! automatic differentiation instead of finite differences.
//!
//! Grammar, loosest binding first:
//!
//! ```text
//! expression := sum
//! sum        := product (('+' | '-') product)*          left-associative
//! product    := unary (('*' | '/') unary)*              left-associative
//! unary      := ('-' | '+') unary | power
//! power      := atom (('^' | '**') unary)?              right-associative: 2^3^2 = 2^9
//! atom       := number | 'x' | 'y' | 'pi' | 'e' | function '(' arguments ')' | '(' expression ')'
//! ```
//!
//! `^` binds tighter than unary minus, so `-x^2` is `-(x^2)` as in mathematics, while the
//! exponent may itself start with a sign (`2^-1` is one half). Implicit multiplication such as
//! `2x` is rejected with a hint (`write 2*x`) rather than guessed.

use std::fmt;

use num_complex::Complex64;
use num_dual::DualNum;

/// The longest accepted source, in characters. Longer input is an error, not a slow parse.
pub const MAX_SOURCE_CHARS: usize = 500;

/// The deepest accepted nesting of parentheses, function calls, signs and exponents. Deeper input
/// is reported as an error instead of overflowing the parser's recursion.
pub const MAX_NESTING_DEPTH: usize = 64;

/// The names of the functions the language knows, for help texts.
pub const FUNCTION_NAMES: [&str; 15] = [
    "sin", "cos", "tan", "exp", "log", "ln", "sqrt", "abs", "tanh", "sinh", "cosh", "atan", "min",
    "max", "pow",
];

/// What went wrong while parsing, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    /// A sentence for the person who typed the formula, without the location.
    pub message: String,
    /// Byte offset into the source where the problem was found; the source length for
    /// "unexpected end of input".
    pub position: usize,
}

impl fmt::Display for ParseError {
    /// Prints the message followed by a 1-based column. Every error is located at or before the
    /// first character the tokenizer rejects, and it rejects everything outside ASCII, so the byte
    /// offset plus one is the column a person counts (the only exception is the too-long error,
    /// whose position is the byte offset of the first character past the limit).
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{} at column {}",
            self.message,
            self.position + 1
        )
    }
}

impl std::error::Error for ParseError {}

/// A parsed and compiled formula in `x` and `y`.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    source: String,
    program: Vec<Instruction>,
    max_stack_depth: usize,
}

impl Expr {
    /// Parses and compiles `source`. Empty input, input longer than [`MAX_SOURCE_CHARS`]
    /// characters and nesting deeper than [`MAX_NESTING_DEPTH`] are errors.
    pub fn parse(source: &str) -> Result<Expr, ParseError> {
        if let Some((byte_offset, _)) = source.char_indices().nth(MAX_SOURCE_CHARS) {
            return Err(ParseError {
                message: format!(
                    "expression is too long: {} characters, at most {MAX_SOURCE_CHARS} are allowed",
                    source.chars().count()
                ),
                position: byte_offset,
            });
        }
        let tokens = tokenize(source)?;
        let mut parser = Parser {
            source,
            tokens: &tokens,
            index: 0,
            depth: 0,
        };
        let tree = parser.parse_complete_input()?;
        let folded = fold_constants(tree);
        let mut program = Vec::new();
        let max_stack_depth = emit_postfix(&folded, &mut program);
        if max_stack_depth > LARGEST_STACK {
            // The nesting limit keeps real formulas far below this; it guards the fixed arrays.
            return Err(ParseError {
                message: "expression is too complex to evaluate".into(),
                position: 0,
            });
        }
        Ok(Expr {
            source: source.to_owned(),
            program,
            max_stack_depth,
        })
    }

    /// Parses a function of one variable `x` (the calculus demos): as [`Expr::parse`], and a
    /// `y` is an error located at its first occurrence. Evaluate it with `eval(x, 0.0)` or
    /// `eval_generic(x, T::zero())`.
    pub fn parse_in_x(source: &str) -> Result<Expr, ParseError> {
        let expr = Expr::parse(source)?;
        if expr.uses_y() {
            // The tokenizer accepts only ASCII, so a byte offset is a column; a `y` that is
            // not part of a longer name is the variable.
            let bytes = source.as_bytes();
            let is_name = |i: usize| bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric());
            let position = (0..bytes.len())
                .find(|&i| bytes[i] == b'y' && !(i > 0 && is_name(i - 1)) && !is_name(i + 1))
                .unwrap_or(0);
            return Err(ParseError {
                message: "this is a function of x alone: “y” is not a variable here".into(),
                position,
            });
        }
        Ok(expr)
    }

    /// The text this expression was parsed from, unchanged.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Evaluates the formula at `(x, y)` in plain `f64`. Allocates nothing.
    #[inline]
    pub fn eval(&self, x: f64, y: f64) -> f64 {
        self.eval_generic(x, y)
    }

    /// Evaluates the formula on any `num_dual` number type (plain `f64` included). Seeding `x`
    /// and `y` with dual parts gives exact derivatives: a `Dual64` gives one directional
    /// derivative, a `HyperDual64` gives both first derivatives and the mixed second derivative.
    pub fn eval_generic<T: DualNum<Primitive = f64> + Copy>(&self, x: T, y: T) -> T {
        // The stack lives in a fixed array sized by the program's known depth, so nothing is
        // allocated and the array to initialise stays small for the usual short formulas.
        if self.max_stack_depth <= SMALL_STACK {
            run_program::<T, SMALL_STACK>(&self.program, x, y)
        } else {
            run_program::<T, LARGEST_STACK>(&self.program, x, y)
        }
    }

    /// Evaluates the formula at a complex `x` (with `y = 0`), for the complex-step derivative
    /// `Im f(x + ih) / h` of the calculus demos: the same compiled program, run over
    /// `num_complex::Complex64`. Non-analytic pieces follow the automatic-differentiation
    /// convention: `abs`, `min` and `max` choose their branch by the real parts.
    pub fn eval_complex(&self, x: Complex64) -> Complex64 {
        let mut stack: Vec<Complex64> = Vec::with_capacity(self.max_stack_depth);
        for instruction in &self.program {
            match *instruction {
                Instruction::PushConstant(value) => stack.push(Complex64::new(value, 0.0)),
                Instruction::PushX => stack.push(x),
                Instruction::PushY => stack.push(Complex64::new(0.0, 0.0)),
                Instruction::Negate
                | Instruction::PowerInteger(_)
                | Instruction::PowerConstant(_)
                | Instruction::Unary(_) => {
                    let Some(a) = stack.pop() else {
                        return Complex64::new(f64::NAN, f64::NAN);
                    };
                    stack.push(match *instruction {
                        Instruction::Negate => -a,
                        Instruction::PowerInteger(exponent) => a.powi(exponent),
                        Instruction::PowerConstant(exponent) => a.powf(exponent),
                        Instruction::Unary(function) => complex_unary(function, a),
                        _ => a,
                    });
                }
                Instruction::Add
                | Instruction::Subtract
                | Instruction::Multiply
                | Instruction::Divide
                | Instruction::Power
                | Instruction::Binary(_) => {
                    let (Some(b), Some(a)) = (stack.pop(), stack.pop()) else {
                        return Complex64::new(f64::NAN, f64::NAN);
                    };
                    stack.push(match *instruction {
                        Instruction::Add => a + b,
                        Instruction::Subtract => a - b,
                        Instruction::Multiply => a * b,
                        Instruction::Divide => a / b,
                        Instruction::Power => complex_power(a, b),
                        Instruction::Binary(function) => complex_binary(function, a, b),
                        _ => a,
                    });
                }
            }
        }
        stack
            .pop()
            .unwrap_or_else(|| Complex64::new(f64::NAN, f64::NAN))
    }

    /// The compiled postfix program (constants folded): the operations in an order where
    /// every operand comes before its use, i.e. the computational graph in topological order.
    pub fn program(&self) -> &[Instruction] {
        &self.program
    }

    /// How many values the evaluation stack holds at most while running this program.
    pub fn max_stack_depth(&self) -> usize {
        self.max_stack_depth
    }

    /// Whether the formula mentions `x` (after folding constants).
    pub fn uses_x(&self) -> bool {
        self.program.contains(&Instruction::PushX)
    }

    /// Whether the formula mentions `y` (after folding constants).
    pub fn uses_y(&self) -> bool {
        self.program.contains(&Instruction::PushY)
    }
}

/// Stack size used for programs that fit, which is nearly every formula a person types.
const SMALL_STACK: usize = 16;
/// Stack size for everything else. The nesting limit bounds the depth well below this.
const LARGEST_STACK: usize = 256;

// ---------------------------------------------------------------------------------------------
// Functions
// ---------------------------------------------------------------------------------------------

/// A named function of the language (public so that [`crate::math::autodiff`] can build a
/// computational graph from [`Expr::program`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    Sin,
    Cos,
    Tan,
    Exp,
    Log,
    Sqrt,
    Abs,
    Tanh,
    Sinh,
    Cosh,
    Atan,
    Min,
    Max,
    Pow,
}

impl Function {
    fn from_name(name: &str) -> Option<Function> {
        Some(match name {
            "sin" => Function::Sin,
            "cos" => Function::Cos,
            "tan" => Function::Tan,
            "exp" => Function::Exp,
            "log" | "ln" => Function::Log,
            "sqrt" => Function::Sqrt,
            "abs" => Function::Abs,
            "tanh" => Function::Tanh,
            "sinh" => Function::Sinh,
            "cosh" => Function::Cosh,
            "atan" => Function::Atan,
            "min" => Function::Min,
            "max" => Function::Max,
            "pow" => Function::Pow,
            _ => return None,
        })
    }

    /// The name the language spells this function with (`ln` is written `log`).
    pub fn name(self) -> &'static str {
        match self {
            Function::Sin => "sin",
            Function::Cos => "cos",
            Function::Tan => "tan",
            Function::Exp => "exp",
            Function::Log => "log",
            Function::Sqrt => "sqrt",
            Function::Abs => "abs",
            Function::Tanh => "tanh",
            Function::Sinh => "sinh",
            Function::Cosh => "cosh",
            Function::Atan => "atan",
            Function::Min => "min",
            Function::Max => "max",
            Function::Pow => "pow",
        }
    }

    /// Applies the function to one or two arguments exactly as [`Expr::eval_generic`] does
    /// (the second argument is ignored by one-argument functions).
    pub fn apply<T: DualNum<Primitive = f64> + Copy>(self, a: T, b: T) -> T {
        match self.argument_count() {
            1 => apply_unary(self, a),
            _ => apply_binary(self, a, b),
        }
    }

    fn argument_count(self) -> usize {
        match self {
            Function::Min | Function::Max | Function::Pow => 2,
            _ => 1,
        }
    }
}

/// Applies a one-argument function. Written once for every number type.
#[inline]
fn apply_unary<T: DualNum<Primitive = f64> + Copy>(function: Function, a: T) -> T {
    match function {
        Function::Sin => a.sin(),
        Function::Cos => a.cos(),
        Function::Tan => a.tan(),
        Function::Exp => a.exp(),
        Function::Log => a.ln(),
        Function::Sqrt => a.sqrt(),
        Function::Abs => absolute_value(a),
        Function::Tanh => a.tanh(),
        Function::Sinh => a.sinh(),
        Function::Cosh => a.cosh(),
        Function::Atan => a.atan(),
        // Two-argument functions never reach here: the compiler emits them as `Binary`.
        Function::Min | Function::Max | Function::Pow => a,
    }
}

/// Applies a two-argument function.
#[inline]
fn apply_binary<T: DualNum<Primitive = f64> + Copy>(function: Function, a: T, b: T) -> T {
    match function {
        // The branch is chosen on the real parts, so the derivative is that of the chosen branch
        // (the usual convention of automatic differentiation at kinks).
        Function::Min => {
            if b.re() < a.re() {
                b
            } else {
                a
            }
        }
        Function::Max => {
            if b.re() > a.re() {
                b
            } else {
                a
            }
        }
        Function::Pow => power(a, b),
        _ => a,
    }
}

/// `|a|` chosen by the sign of the real part, so its derivative is `sign(a)·a'` away from zero.
#[inline]
fn absolute_value<T: DualNum<Primitive = f64> + Copy>(a: T) -> T {
    if a.re() < 0.0 { -a } else { a }
}

/// `a^b` when the exponent is not a constant.
///
/// For a positive base this is `exp(b·ln a)`, whose derivative covers both arguments. A negative
/// base is only real for integer exponents, where `a^b` equals `a^n`; there the derivative with
/// respect to `b` does not exist, so only the one with respect to `a` is propagated.
#[inline]
pub fn power<T: DualNum<Primitive = f64> + Copy>(base: T, exponent: T) -> T {
    let exponent_value = exponent.re();
    if base.re() <= 0.0 && exponent_value.fract() == 0.0 && exponent_value.abs() <= i32::MAX as f64
    {
        base.powi(exponent_value as i32)
    } else {
        base.powd(exponent)
    }
}

/// A one-argument function at a complex argument ([`Expr::eval_complex`]).
fn complex_unary(function: Function, a: Complex64) -> Complex64 {
    match function {
        Function::Sin => a.sin(),
        Function::Cos => a.cos(),
        Function::Tan => a.tan(),
        Function::Exp => a.exp(),
        Function::Log => a.ln(),
        Function::Sqrt => a.sqrt(),
        // |a| by the sign of the real part, as for dual numbers: Im |x + ih| / h = sign(x).
        Function::Abs => {
            if a.re < 0.0 {
                -a
            } else {
                a
            }
        }
        Function::Tanh => a.tanh(),
        Function::Sinh => a.sinh(),
        Function::Cosh => a.cosh(),
        Function::Atan => a.atan(),
        Function::Min | Function::Max | Function::Pow => a,
    }
}

/// A two-argument function at complex arguments, branches chosen on the real parts.
fn complex_binary(function: Function, a: Complex64, b: Complex64) -> Complex64 {
    match function {
        Function::Min => {
            if b.re < a.re {
                b
            } else {
                a
            }
        }
        Function::Max => {
            if b.re > a.re {
                b
            } else {
                a
            }
        }
        Function::Pow => complex_power(a, b),
        _ => a,
    }
}

/// `a^b` at complex arguments: an integer real exponent as repeated multiplication (exact
/// for negative bases, like [`power`]), otherwise `exp(b ln a)`.
fn complex_power(base: Complex64, exponent: Complex64) -> Complex64 {
    if exponent.im == 0.0 && exponent.re.fract() == 0.0 && exponent.re.abs() <= i32::MAX as f64 {
        base.powi(exponent.re as i32)
    } else {
        base.powc(exponent)
    }
}

// ---------------------------------------------------------------------------------------------
// Tokenizer
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq)]
enum TokenKind {
    Number(f64),
    Identifier,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    LeftParen,
    RightParen,
    Comma,
    End,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Token {
    kind: TokenKind,
    /// Byte range of the token in the source.
    start: usize,
    end: usize,
}

impl Token {
    fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }

    /// Whether this token can begin an operand; used to spot a missing operator.
    fn starts_operand(&self) -> bool {
        matches!(
            self.kind,
            TokenKind::Number(_) | TokenKind::Identifier | TokenKind::LeftParen
        )
    }
}

fn tokenize(source: &str) -> Result<Vec<Token>, ParseError> {
    let bytes = source.as_bytes();
    let mut tokens = Vec::new();
    let mut position = 0;
    while position < bytes.len() {
        let byte = bytes[position];
        let start = position;
        let single = |kind| Token {
            kind,
            start,
            end: start + 1,
        };
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' => {
                position += 1;
                continue;
            }
            b'+' => tokens.push(single(TokenKind::Plus)),
            b'-' => tokens.push(single(TokenKind::Minus)),
            b'/' => tokens.push(single(TokenKind::Slash)),
            b'^' => tokens.push(single(TokenKind::Caret)),
            b'(' => tokens.push(single(TokenKind::LeftParen)),
            b')' => tokens.push(single(TokenKind::RightParen)),
            b',' => tokens.push(single(TokenKind::Comma)),
            b'*' => {
                // `**` is the Python spelling of a power.
                if bytes.get(position + 1) == Some(&b'*') {
                    tokens.push(Token {
                        kind: TokenKind::Caret,
                        start,
                        end: start + 2,
                    });
                    position += 2;
                    continue;
                }
                tokens.push(single(TokenKind::Star));
            }
            b'0'..=b'9' | b'.' => {
                let end = scan_number(bytes, position);
                let text = &source[start..end];
                let value = crate::number_text::parse_f64(text).ok_or_else(|| ParseError {
                    message: format!("malformed number '{text}'"),
                    position: start,
                })?;
                tokens.push(Token {
                    kind: TokenKind::Number(value),
                    start,
                    end,
                });
                position = end;
                continue;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                let mut end = position + 1;
                while end < bytes.len()
                    && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_')
                {
                    end += 1;
                }
                tokens.push(Token {
                    kind: TokenKind::Identifier,
                    start,
                    end,
                });
                position = end;
                continue;
            }
            _ => {
                // `position` is always on a character boundary: every branch above advances over
                // ASCII bytes only.
                let character = source[position..].chars().next().unwrap_or('?');
                let hint = match character {
                    '×' | '·' => ": write * for multiplication",
                    '²' => ": write x^2 for a square",
                    '=' => ": type only the right-hand side of f(x, y) = ...",
                    _ => "",
                };
                return Err(ParseError {
                    message: format!("unexpected character '{character}'{hint}"),
                    position,
                });
            }
        }
        position += 1;
    }
    tokens.push(Token {
        kind: TokenKind::End,
        start: bytes.len(),
        end: bytes.len(),
    });
    Ok(tokens)
}

/// Returns the end of the number starting at `start`: digits and dots, then an optional exponent
/// `e`, sign, digits. An `e` not followed by a digit is left alone, so `2e` reads as `2` then the
/// constant `e` (and is then reported as a missing operator).
fn scan_number(bytes: &[u8], start: usize) -> usize {
    let mut end = start;
    while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
        end += 1;
    }
    if end < bytes.len() && (bytes[end] == b'e' || bytes[end] == b'E') {
        let mut exponent_end = end + 1;
        if exponent_end < bytes.len()
            && (bytes[exponent_end] == b'+' || bytes[exponent_end] == b'-')
        {
            exponent_end += 1;
        }
        if exponent_end < bytes.len() && bytes[exponent_end].is_ascii_digit() {
            while exponent_end < bytes.len() && bytes[exponent_end].is_ascii_digit() {
                exponent_end += 1;
            }
            end = exponent_end;
        }
    }
    end
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

/// The syntax tree.
#[derive(Clone, Debug, PartialEq)]
enum Node {
    Constant(f64),
    X,
    Y,
    Negate(Box<Node>),
    Binary(BinaryOperator, Box<Node>, Box<Node>),
    Call(Function, Vec<Node>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BinaryOperator {
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
}

impl BinaryOperator {
    fn from_token(kind: TokenKind) -> Option<BinaryOperator> {
        match kind {
            TokenKind::Plus => Some(BinaryOperator::Add),
            TokenKind::Minus => Some(BinaryOperator::Subtract),
            TokenKind::Star => Some(BinaryOperator::Multiply),
            TokenKind::Slash => Some(BinaryOperator::Divide),
            TokenKind::Caret => Some(BinaryOperator::Power),
            _ => None,
        }
    }

    /// Left and right binding powers. A right power below the left one makes the operator
    /// right-associative (`^`); above it, left-associative.
    fn binding_powers(self) -> (u8, u8) {
        match self {
            BinaryOperator::Add | BinaryOperator::Subtract => (1, 2),
            BinaryOperator::Multiply | BinaryOperator::Divide => (3, 4),
            BinaryOperator::Power => (7, PREFIX_SIGN_BINDING_POWER + 1),
        }
    }

    fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            BinaryOperator::Add => a + b,
            BinaryOperator::Subtract => a - b,
            BinaryOperator::Multiply => a * b,
            BinaryOperator::Divide => a / b,
            BinaryOperator::Power => power(a, b),
        }
    }
}

/// A prefix sign binds looser than `^` (so `-x^2 = -(x^2)`) and tighter than `*` and `/`.
const PREFIX_SIGN_BINDING_POWER: u8 = 5;

struct Parser<'a> {
    source: &'a str,
    tokens: &'a [Token],
    index: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Token {
        self.tokens[self.index]
    }

    fn advance(&mut self) -> Token {
        let token = self.tokens[self.index];
        if token.kind != TokenKind::End {
            self.index += 1;
        }
        token
    }

    fn parse_complete_input(&mut self) -> Result<Node, ParseError> {
        if self.peek().kind == TokenKind::End {
            return Err(ParseError {
                message: "empty expression: type a formula in x and y, for example x^2 + y^2"
                    .into(),
                position: 0,
            });
        }
        let tree = self.parse_expression(0)?;
        let next = self.peek();
        match next.kind {
            TokenKind::End => Ok(tree),
            TokenKind::RightParen => Err(ParseError {
                message: "unbalanced parenthesis: this ')' has no matching '('".into(),
                position: next.start,
            }),
            _ => Err(self.unexpected_after_operand(next)),
        }
    }

    /// Precedence climbing: parses an operand, then keeps absorbing operators that bind at least
    /// as tightly as `minimum_binding_power`.
    fn parse_expression(&mut self, minimum_binding_power: u8) -> Result<Node, ParseError> {
        self.enter_nesting_level()?;
        let mut left = self.parse_operand()?;
        loop {
            let next = self.peek();
            let Some(operator) = BinaryOperator::from_token(next.kind) else {
                if next.starts_operand() {
                    return Err(self.missing_operator(next));
                }
                break;
            };
            let (left_power, right_power) = operator.binding_powers();
            if left_power < minimum_binding_power {
                break;
            }
            self.advance();
            let right = self.parse_expression(right_power)?;
            left = Node::Binary(operator, Box::new(left), Box::new(right));
        }
        self.depth -= 1;
        Ok(left)
    }

    fn enter_nesting_level(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_NESTING_DEPTH {
            return Err(ParseError {
                message: format!(
                    "expression is nested too deeply (more than {MAX_NESTING_DEPTH} levels)"
                ),
                position: self.peek().start,
            });
        }
        Ok(())
    }

    fn parse_operand(&mut self) -> Result<Node, ParseError> {
        let token_index = self.index;
        let token = self.advance();
        match token.kind {
            TokenKind::Number(value) => Ok(Node::Constant(value)),
            TokenKind::Minus => Ok(Node::Negate(Box::new(
                self.parse_expression(PREFIX_SIGN_BINDING_POWER)?,
            ))),
            TokenKind::Plus => self.parse_expression(PREFIX_SIGN_BINDING_POWER),
            TokenKind::LeftParen => {
                let inner = self.parse_expression(0)?;
                self.expect_closing_parenthesis(token)?;
                Ok(inner)
            }
            TokenKind::Identifier => self.parse_identifier(token),
            TokenKind::End => Err(ParseError {
                message: format!(
                    "unexpected end of input: expected an operand{}",
                    self.context_before(token_index)
                ),
                position: token.start,
            }),
            TokenKind::RightParen
            | TokenKind::Comma
            | TokenKind::Star
            | TokenKind::Slash
            | TokenKind::Caret => Err(ParseError {
                message: format!(
                    "expected an operand{} but found '{}'",
                    self.context_before(token_index),
                    token.text(self.source)
                ),
                position: token.start,
            }),
        }
    }

    /// Names the token before `token_index`, for messages like "expected an operand after '+'".
    fn context_before(&self, token_index: usize) -> String {
        match token_index.checked_sub(1) {
            Some(previous) => format!(" after '{}'", self.tokens[previous].text(self.source)),
            None => " at the start".to_owned(),
        }
    }

    fn parse_identifier(&mut self, token: Token) -> Result<Node, ParseError> {
        let name = token.text(self.source);
        let followed_by_parenthesis = self.peek().kind == TokenKind::LeftParen;
        let value = match name {
            "x" => Some(Node::X),
            "y" => Some(Node::Y),
            "pi" => Some(Node::Constant(std::f64::consts::PI)),
            "e" => Some(Node::Constant(std::f64::consts::E)),
            _ => None,
        };
        if let Some(node) = value {
            return Ok(node);
        }
        let Some(function) = Function::from_name(name) else {
            let message = if followed_by_parenthesis {
                format!("unknown function '{name}'")
            } else if name.len() > 1 && name.bytes().all(|byte| byte == b'x' || byte == b'y') {
                // "xy" is almost always a product typed the way it is written on paper.
                let product: Vec<String> = name.chars().map(String::from).collect();
                format!(
                    "unknown variable '{name}': write {} for a product",
                    product.join("*")
                )
            } else {
                format!("unknown variable '{name}': only x and y are allowed")
            };
            return Err(ParseError {
                message,
                position: token.start,
            });
        };
        if !followed_by_parenthesis {
            return Err(ParseError {
                message: format!("function '{name}' needs parentheses: write {name}(...)"),
                position: token.end,
            });
        }
        let opening = self.advance();
        let mut arguments = vec![self.parse_expression(0)?];
        while self.peek().kind == TokenKind::Comma {
            self.advance();
            arguments.push(self.parse_expression(0)?);
        }
        self.expect_closing_parenthesis(opening)?;
        let expected = function.argument_count();
        if arguments.len() != expected {
            let plural = if expected == 1 { "" } else { "s" };
            let verb = if arguments.len() == 1 { "was" } else { "were" };
            return Err(ParseError {
                message: format!(
                    "function '{name}' takes {expected} argument{plural} but {} {verb} given",
                    arguments.len()
                ),
                position: token.start,
            });
        }
        Ok(Node::Call(function, arguments))
    }

    fn expect_closing_parenthesis(&mut self, opening: Token) -> Result<(), ParseError> {
        let next = self.peek();
        match next.kind {
            TokenKind::RightParen => {
                self.advance();
                Ok(())
            }
            TokenKind::End => Err(ParseError {
                message: format!(
                    "unbalanced parenthesis: the '(' at column {} is never closed",
                    opening.start + 1
                ),
                position: next.start,
            }),
            _ => Err(self.unexpected_after_operand(next)),
        }
    }

    /// Error for a token that cannot follow a complete operand in this context.
    fn unexpected_after_operand(&self, token: Token) -> ParseError {
        let message = match token.kind {
            TokenKind::Comma => {
                "unexpected ',': only min, max and pow take two arguments".to_owned()
            }
            _ => format!("unexpected '{}'", token.text(self.source)),
        };
        ParseError {
            message,
            position: token.start,
        }
    }

    /// Error for two operands side by side, such as `2x` or `(x)(y)`.
    fn missing_operator(&self, next: Token) -> ParseError {
        let previous = self.tokens[self.index - 1];
        let previous_text = previous.text(self.source);
        let next_text = next.text(self.source);
        let both_are_names_or_numbers =
            |token: Token| matches!(token.kind, TokenKind::Number(_) | TokenKind::Identifier);
        let hint = if both_are_names_or_numbers(previous) && both_are_names_or_numbers(next) {
            format!("write {previous_text}*{next_text}")
        } else {
            format!("write * between '{previous_text}' and '{next_text}'")
        };
        ParseError {
            message: format!(
                "missing operator before '{next_text}': implicit multiplication is not allowed, {hint}"
            ),
            position: next.start,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Compiler
// ---------------------------------------------------------------------------------------------

/// One step of the postfix program. Operands are popped from and results pushed to the stack.
/// Public, with [`Expr::program`], so that [`crate::math::autodiff`] can build the formula's
/// computational graph from the one parser instead of parsing again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Instruction {
    PushConstant(f64),
    PushX,
    PushY,
    Negate,
    Add,
    Subtract,
    Multiply,
    Divide,
    /// `a^n` with a constant integer exponent: exact for negative bases and cheap.
    PowerInteger(i32),
    /// `a^c` with a constant non-integer exponent.
    PowerConstant(f64),
    /// `a^b` with a variable exponent.
    Power,
    Unary(Function),
    Binary(Function),
}

/// Computes constant sub-trees once, so `2*pi*x` costs one multiplication per evaluation.
fn fold_constants(node: Node) -> Node {
    match node {
        Node::Negate(inner) => match fold_constants(*inner) {
            Node::Constant(value) => Node::Constant(-value),
            other => Node::Negate(Box::new(other)),
        },
        Node::Binary(operator, left, right) => {
            match (fold_constants(*left), fold_constants(*right)) {
                (Node::Constant(a), Node::Constant(b)) => Node::Constant(operator.apply(a, b)),
                (left, right) => Node::Binary(operator, Box::new(left), Box::new(right)),
            }
        }
        Node::Call(function, arguments) => {
            let arguments: Vec<Node> = arguments.into_iter().map(fold_constants).collect();
            match arguments.as_slice() {
                [Node::Constant(a)] => Node::Constant(apply_unary(function, *a)),
                [Node::Constant(a), Node::Constant(b)] => {
                    Node::Constant(apply_binary(function, *a, *b))
                }
                _ => Node::Call(function, arguments),
            }
        }
        leaf => leaf,
    }
}

/// Appends the postfix code of `node` to `program` and returns the stack depth it needs.
fn emit_postfix(node: &Node, program: &mut Vec<Instruction>) -> usize {
    match node {
        Node::Constant(value) => {
            program.push(Instruction::PushConstant(*value));
            1
        }
        Node::X => {
            program.push(Instruction::PushX);
            1
        }
        Node::Y => {
            program.push(Instruction::PushY);
            1
        }
        Node::Negate(inner) => {
            let depth = emit_postfix(inner, program);
            program.push(Instruction::Negate);
            depth
        }
        Node::Binary(BinaryOperator::Power, base, exponent) => {
            let depth = emit_postfix(base, program);
            if let Node::Constant(value) = **exponent {
                let is_small_integer = value.fract() == 0.0 && value.abs() <= 1024.0;
                program.push(if is_small_integer {
                    Instruction::PowerInteger(value as i32)
                } else {
                    Instruction::PowerConstant(value)
                });
                return depth;
            }
            let exponent_depth = emit_postfix(exponent, program);
            program.push(Instruction::Power);
            depth.max(exponent_depth + 1)
        }
        Node::Binary(operator, left, right) => {
            let left_depth = emit_postfix(left, program);
            let right_depth = emit_postfix(right, program);
            program.push(match operator {
                BinaryOperator::Add => Instruction::Add,
                BinaryOperator::Subtract => Instruction::Subtract,
                BinaryOperator::Multiply => Instruction::Multiply,
                BinaryOperator::Divide => Instruction::Divide,
                BinaryOperator::Power => Instruction::Power,
            });
            left_depth.max(right_depth + 1)
        }
        Node::Call(function, arguments) => {
            let mut depth = 0;
            for (already_on_stack, argument) in arguments.iter().enumerate() {
                depth = depth.max(already_on_stack + emit_postfix(argument, program));
            }
            program.push(if arguments.len() == 1 {
                Instruction::Unary(*function)
            } else {
                Instruction::Binary(*function)
            });
            depth
        }
    }
}

/// Runs a postfix program with a stack of `N` slots (`N` at least the program's depth).
#[inline]
fn run_program<T: DualNum<Primitive = f64> + Copy, const N: usize>(
    program: &[Instruction],
    x: T,
    y: T,
) -> T {
    let mut stack = [T::from(0.0); N];
    let mut top = 0;
    for instruction in program {
        match *instruction {
            Instruction::PushConstant(value) => {
                stack[top] = T::from(value);
                top += 1;
            }
            Instruction::PushX => {
                stack[top] = x;
                top += 1;
            }
            Instruction::PushY => {
                stack[top] = y;
                top += 1;
            }
            Instruction::Negate => stack[top - 1] = -stack[top - 1],
            Instruction::PowerInteger(exponent) => stack[top - 1] = stack[top - 1].powi(exponent),
            Instruction::PowerConstant(exponent) => stack[top - 1] = stack[top - 1].powf(exponent),
            Instruction::Unary(function) => stack[top - 1] = apply_unary(function, stack[top - 1]),
            Instruction::Add
            | Instruction::Subtract
            | Instruction::Multiply
            | Instruction::Divide
            | Instruction::Power
            | Instruction::Binary(_) => {
                top -= 1;
                let (a, b) = (stack[top - 1], stack[top]);
                stack[top - 1] = match *instruction {
                    Instruction::Add => a + b,
                    Instruction::Subtract => a - b,
                    Instruction::Multiply => a * b,
                    Instruction::Divide => a / b,
                    Instruction::Power => power(a, b),
                    Instruction::Binary(function) => apply_binary(function, a, b),
                    _ => a,
                };
            }
        }
    }
    stack[0]
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_dual::{Dual64, HyperDual64};
    use rand::{RngExt, SeedableRng, rngs::ChaCha8Rng};

    fn value(source: &str, x: f64, y: f64) -> f64 {
        match Expr::parse(source) {
            Ok(expression) => expression.eval(x, y),
            Err(error) => panic!("'{source}' should parse but gave: {error}"),
        }
    }

    fn error(source: &str) -> ParseError {
        match Expr::parse(source) {
            Ok(_) => panic!("'{source}' should be rejected"),
            Err(error) => error,
        }
    }

    fn assert_close(actual: f64, expected: f64) {
        let tolerance = 1e-12 * expected.abs().max(1.0);
        assert!(
            (actual - expected).abs() <= tolerance,
            "got {actual}, expected {expected}"
        );
    }

    #[test]
    fn precedence_of_sum_and_product() {
        assert_eq!(value("1 + 2 * 3", 0.0, 0.0), 7.0);
        assert_eq!(value("(1 + 2) * 3", 0.0, 0.0), 9.0);
        assert_eq!(value("2 * 3 + 4 * 5", 0.0, 0.0), 26.0);
        assert_eq!(value("x + y * 2", 1.0, 3.0), 7.0);
    }

    #[test]
    fn subtraction_and_division_are_left_associative() {
        // (10 - 4) - 3 = 3, not 10 - (4 - 3) = 9.
        assert_eq!(value("10 - 4 - 3", 0.0, 0.0), 3.0);
        // (16 / 4) / 2 = 2, not 16 / (4 / 2) = 8.
        assert_eq!(value("16 / 4 / 2", 0.0, 0.0), 2.0);
        assert_eq!(value("x - y - 1", 5.0, 2.0), 2.0);
    }

    #[test]
    fn power_is_right_associative_and_binds_tighter_than_unary_minus() {
        // 2^(3^2) = 2^9 = 512; left association would give 64.
        assert_eq!(value("2^3^2", 0.0, 0.0), 512.0);
        assert_eq!(value("2**3**2", 0.0, 0.0), 512.0);
        // -x^2 = -(x^2) = -9 at x = 3, not (-3)^2 = 9.
        assert_eq!(value("-x^2", 3.0, 0.0), -9.0);
        assert_eq!(value("-2^2", 0.0, 0.0), -4.0);
        assert_eq!(value("(-2)^2", 0.0, 0.0), 4.0);
        // A signed exponent: 2^-1 = 0.5, and 2^-1*4 = (2^-1)*4 = 2.
        assert_eq!(value("2^-1", 0.0, 0.0), 0.5);
        assert_eq!(value("2^-1*4", 0.0, 0.0), 2.0);
        // The power of a variable base with an integer exponent works for negative bases.
        assert_eq!(value("x^3", -2.0, 0.0), -8.0);
        // A product binds looser than the power: 2*x^2 = 2*(x^2) = 18.
        assert_eq!(value("2*x^2", 3.0, 0.0), 18.0);
    }

    #[test]
    fn unary_signs() {
        assert_eq!(value("-x", 2.0, 0.0), -2.0);
        assert_eq!(value("+x", 2.0, 0.0), 2.0);
        assert_eq!(value("--x", 2.0, 0.0), 2.0);
        assert_eq!(value("-x*y", 2.0, 3.0), -6.0);
        assert_eq!(value("x*-y", 2.0, 3.0), -6.0);
        assert_eq!(value("x - -y", 2.0, 3.0), 5.0);
    }

    #[test]
    fn number_formats() {
        assert_eq!(value("123", 0.0, 0.0), 123.0);
        assert_eq!(value("1.5", 0.0, 0.0), 1.5);
        assert_eq!(value(".5", 0.0, 0.0), 0.5);
        assert_eq!(value("5.", 0.0, 0.0), 5.0);
        assert_eq!(value("1e-3", 0.0, 0.0), 0.001);
        assert_eq!(value("2.5E+2", 0.0, 0.0), 250.0);
        assert_eq!(value("1e3*x", 2.0, 0.0), 2000.0);
    }

    #[test]
    fn constants() {
        assert_eq!(value("pi", 0.0, 0.0), std::f64::consts::PI);
        assert_eq!(value("e", 0.0, 0.0), std::f64::consts::E);
        assert_close(value("2*pi*x", 0.5, 0.0), std::f64::consts::PI);
        assert_close(value("e^x", 2.0, 0.0), 2f64.exp());
    }

    #[test]
    fn whitespace_is_ignored() {
        assert_eq!(value("  x\t+\n y  ", 1.0, 2.0), 3.0);
        assert_eq!(value("sin ( x )", 0.0, 0.0), 0.0);
        assert_eq!(value("2 ** 3", 0.0, 0.0), 8.0);
    }

    #[test]
    fn every_function() {
        let a = 0.7;
        let cases: [(&str, f64); 12] = [
            ("sin(x)", a.sin()),
            ("cos(x)", a.cos()),
            ("tan(x)", a.tan()),
            ("exp(x)", a.exp()),
            ("log(x)", a.ln()),
            ("ln(x)", a.ln()),
            ("sqrt(x)", a.sqrt()),
            ("abs(-x)", a),
            ("tanh(x)", a.tanh()),
            ("sinh(x)", a.sinh()),
            ("cosh(x)", a.cosh()),
            ("atan(x)", a.atan()),
        ];
        for (source, expected) in cases {
            assert_close(value(source, a, 0.0), expected);
        }
        assert_eq!(value("min(x, y)", 2.0, -1.0), -1.0);
        assert_eq!(value("max(x, y)", 2.0, -1.0), 2.0);
        assert_eq!(value("pow(x, y)", 2.0, 10.0), 1024.0);
        assert_eq!(value("abs(x)", -3.5, 0.0), 3.5);
    }

    #[test]
    fn variable_exponent() {
        assert_close(value("x^y", 2.0, 0.5), 2f64.sqrt());
        // Negative base with an integer exponent is real: (-2)^3 = -8.
        assert_eq!(value("x^y", -2.0, 3.0), -8.0);
        // Negative base with a fractional exponent is not real.
        assert!(value("x^y", -2.0, 0.5).is_nan());
    }

    #[test]
    fn constants_are_folded_and_stack_depth_is_known() {
        let expression = Expr::parse("2*pi*x + 3^2").unwrap();
        // 2*pi folds to one constant; 3^2 folds to 9: push c, push x, mul, push 9, add.
        assert_eq!(expression.program.len(), 5);
        assert_eq!(expression.max_stack_depth(), 2);
        assert_close(expression.eval(1.0, 0.0), 2.0 * std::f64::consts::PI + 9.0);
        assert!(expression.uses_x());
        assert!(!expression.uses_y());
        // Right-nested sums need one stack slot per pending operand: x + (y + (x + y)) needs 4.
        assert_eq!(
            Expr::parse("x + (y + (x + y))").unwrap().max_stack_depth(),
            4
        );
    }

    #[test]
    fn source_is_kept_verbatim() {
        assert_eq!(Expr::parse(" x^2 + y^2 ").unwrap().source(), " x^2 + y^2 ");
    }

    #[test]
    fn error_unknown_function() {
        let found = error("sine(x)");
        assert_eq!(found.position, 0);
        assert_eq!(found.to_string(), "unknown function 'sine' at column 1");
    }

    #[test]
    fn error_unknown_variable() {
        let found = error("x + z");
        assert_eq!(found.position, 4);
        assert_eq!(
            found.message,
            "unknown variable 'z': only x and y are allowed"
        );
        assert_eq!(
            error("xy").message,
            "unknown variable 'xy': write x*y for a product"
        );
    }

    #[test]
    fn error_unexpected_end_after_operator() {
        let found = error("x +");
        assert_eq!(found.position, 3);
        assert_eq!(
            found.to_string(),
            "unexpected end of input: expected an operand after '+' at column 4"
        );
        assert_eq!(error("-").position, 1);
        assert_eq!(
            error("sin(").message,
            "unexpected end of input: expected an operand after '('"
        );
    }

    #[test]
    fn error_unbalanced_parentheses() {
        let unclosed = error("(x + 1");
        assert_eq!(unclosed.position, 6);
        assert!(
            unclosed.message.starts_with("unbalanced parenthesis"),
            "{}",
            unclosed.message
        );
        assert!(
            unclosed.message.contains("column 1"),
            "{}",
            unclosed.message
        );
        let unopened = error("x + 1)");
        assert_eq!(unopened.position, 5);
        assert!(
            unopened.message.starts_with("unbalanced parenthesis"),
            "{}",
            unopened.message
        );
    }

    #[test]
    fn error_implicit_multiplication_has_a_hint() {
        let found = error("2x");
        assert_eq!(found.position, 1);
        assert!(found.message.contains("write 2*x"), "{}", found.message);
        assert!(error("x y").message.contains("write x*y"));
        assert_eq!(error("2(x)").position, 1);
        assert_eq!(error("(x)(y)").position, 3);
        // "2e" is the number 2 followed by the constant e, not a malformed exponent.
        assert!(error("2e").message.contains("write 2*e"));
    }

    #[test]
    fn error_empty_input() {
        assert_eq!(error("").position, 0);
        assert!(error("   ").message.starts_with("empty expression"));
    }

    #[test]
    fn error_operand_expected_but_operator_found() {
        let found = error("x + * y");
        assert_eq!(found.position, 4);
        assert_eq!(found.message, "expected an operand after '+' but found '*'");
        assert_eq!(
            error("()").message,
            "expected an operand after '(' but found ')'"
        );
        assert_eq!(
            error("*x").message,
            "expected an operand at the start but found '*'"
        );
    }

    #[test]
    fn error_bad_characters_and_numbers() {
        let found = error("x # y");
        assert_eq!(found.position, 2);
        assert_eq!(found.message, "unexpected character '#'");
        assert_eq!(error("1.2.3").message, "malformed number '1.2.3'");
        assert_eq!(error("x + .").position, 4);
        assert!(error("x × y").message.contains("write *"));
    }

    #[test]
    fn error_function_arity_and_parentheses() {
        assert_eq!(
            error("sin(x, y)").message,
            "function 'sin' takes 1 argument but 2 were given"
        );
        assert_eq!(
            error("max(x)").message,
            "function 'max' takes 2 arguments but 1 was given"
        );
        assert_eq!(
            error("sin x").message,
            "function 'sin' needs parentheses: write sin(...)"
        );
        assert_eq!(error("x, y").position, 1);
    }

    #[test]
    fn error_too_long() {
        let long = "x+".repeat(250) + "x";
        assert_eq!(long.len(), 501);
        let found = error(&long);
        assert_eq!(found.position, 500);
        assert!(found.message.contains("too long"));
        // Exactly 500 characters is still accepted: 249 times "x+" then "1." is x·249 + 1.
        let valid_at_limit = "x+".repeat(249) + "1.";
        assert_eq!(valid_at_limit.len(), 500);
        assert_eq!(Expr::parse(&valid_at_limit).unwrap().eval(1.0, 0.0), 250.0);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "(".repeat(200) + "x" + &")".repeat(200);
        assert!(error(&deep).message.contains("nested too deeply"));
        let signs = "-".repeat(400) + "x";
        assert!(error(&signs).message.contains("nested too deeply"));
        let functions = "sin(".repeat(80) + "x" + &")".repeat(80);
        assert!(error(&functions).message.contains("nested too deeply"));
        let powers = "x^".repeat(200) + "x";
        assert!(error(&powers).message.contains("nested too deeply"));
        // Just inside the limit parses and evaluates: 30 parentheses around x.
        let fine = "(".repeat(30) + "x" + &")".repeat(30);
        assert_eq!(value(&fine, 4.0, 0.0), 4.0);
    }

    #[test]
    fn gradient_by_dual_numbers_matches_closed_form() {
        let expression = Expr::parse("sin(x)*y^2").unwrap();
        let (x, y) = (0.8, -1.3);
        // Closed form: d/dx = cos(x)·y², d/dy = 2·y·sin(x).
        let along_x = expression.eval_generic(Dual64::new(x, 1.0), Dual64::new(y, 0.0));
        let along_y = expression.eval_generic(Dual64::new(x, 0.0), Dual64::new(y, 1.0));
        assert_close(along_x.re, x.sin() * y * y);
        assert_close(along_x.eps, x.cos() * y * y);
        assert_close(along_y.eps, 2.0 * y * x.sin());

        // exp(x*y) + x^3/y: f_x = y e^{xy} + 3x²/y, f_y = x e^{xy} − x³/y², f_xy = e^{xy}(1 + xy) − 3x²/y².
        let expression = Expr::parse("exp(x*y) + x^3/y").unwrap();
        let result = expression.eval_generic(
            HyperDual64::from_re(x).derivative1(),
            HyperDual64::from_re(y).derivative2(),
        );
        let exy = (x * y).exp();
        assert_close(result.eps1, y * exy + 3.0 * x * x / y);
        assert_close(result.eps2, x * exy - x.powi(3) / (y * y));
        assert_close(result.eps1eps2, exy * (1.0 + x * y) - 3.0 * x * x / (y * y));

        // x^y with both varying: f_x = y x^{y−1}, f_y = x^y ln x.
        let expression = Expr::parse("x^y").unwrap();
        let (x, y) = (1.7, 2.3);
        let result = expression.eval_generic(
            HyperDual64::from_re(x).derivative1(),
            HyperDual64::from_re(y).derivative2(),
        );
        assert_close(result.eps1, y * x.powf(y - 1.0));
        assert_close(result.eps2, x.powf(y) * x.ln());
    }

    #[test]
    fn abs_derivative_is_the_sign_away_from_zero() {
        let expression = Expr::parse("abs(x - 1) * y").unwrap();
        // For x < 1: f = (1 − x)·y so f_x = −y; for x > 1: f_x = +y.
        let left = expression.eval_generic(Dual64::new(0.5, 1.0), Dual64::new(3.0, 0.0));
        let right = expression.eval_generic(Dual64::new(1.5, 1.0), Dual64::new(3.0, 0.0));
        assert_eq!((left.re, left.eps), (1.5, -3.0));
        assert_eq!((right.re, right.eps), (1.5, 3.0));
    }

    #[test]
    fn min_and_max_differentiate_the_chosen_branch() {
        let expression = Expr::parse("max(x^2, y)").unwrap();
        // At (2, 1) the maximum is x² = 4 with d/dx = 2x = 4; at (0.5, 1) it is y with d/dx = 0.
        let chosen_square = expression.eval_generic(Dual64::new(2.0, 1.0), Dual64::new(1.0, 0.0));
        let chosen_y = expression.eval_generic(Dual64::new(0.5, 1.0), Dual64::new(1.0, 0.0));
        assert_eq!((chosen_square.re, chosen_square.eps), (4.0, 4.0));
        assert_eq!((chosen_y.re, chosen_y.eps), (1.0, 0.0));
    }

    #[test]
    fn random_garbage_never_panics() {
        const ALPHABET: &[u8] = b"xy0123456789.e+-*/^(),  sincoexplgqrtabhmpzE#";
        let mut rng = ChaCha8Rng::seed_from_u64(2024);
        let mut accepted = 0;
        for _ in 0..10_000 {
            let length = rng.random_range(0..40);
            let mut text: String = (0..length)
                .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
                .collect();
            if rng.random_bool(0.05) {
                text.push('é');
            }
            match Expr::parse(&text) {
                Ok(expression) => {
                    accepted += 1;
                    let _ = expression.eval(0.3, -0.7);
                    let _ = expression.eval_generic(Dual64::new(0.3, 1.0), Dual64::new(-0.7, 0.0));
                }
                Err(error) => {
                    assert!(
                        error.position <= text.len(),
                        "position {} past '{text}'",
                        error.position
                    );
                    assert!(text.is_char_boundary(error.position));
                    assert!(!error.message.is_empty());
                }
            }
        }
        // Some random strings are valid formulas; if none were, the generator tests nothing useful.
        assert!(accepted > 50, "only {accepted} random strings parsed");
    }

    #[test]
    fn functions_of_x_alone_reject_y_where_it_is() {
        let f = Expr::parse_in_x("sin(x)/x").unwrap();
        assert_eq!(f.eval(2.0, 0.0), 2f64.sin() / 2.0);
        let error = Expr::parse_in_x("x + tanh(y)").unwrap_err();
        assert_eq!(error.position, 9);
        assert!(error.message.contains("function of x alone"));
        // Errors of the grammar come first, as from `parse`.
        assert_eq!(
            Expr::parse_in_x("2x").unwrap_err(),
            Expr::parse("2x").unwrap_err()
        );
    }
}
